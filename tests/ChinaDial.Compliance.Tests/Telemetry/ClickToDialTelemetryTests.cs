using System.Text.Json;
using Microsoft.Extensions.Time.Testing;

namespace ChinaDial.Compliance.Tests.Telemetry;

[Collection(MetricsAlone.Name)]
public class ClickToDialTelemetryTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 2, 0, 0, TimeSpan.Zero);

    private static AuditTrail Trail(IAuditSink sink) => new(sink, new AuditOptions { Pepper = "a test pepper of enough length" }.CreatePseudonymizer());

    private sealed class BrokenSink : IAuditSink
    {
        public void Write(AuditRecord record) => throw new IOException("disk full");
    }

    [Fact]
    public async Task Every_click_to_dial_outcome_is_counted_by_outcome_and_reason_and_recorded_without_the_number()
    {
        using var requests = new MeasurementRecorder("chinadial.click_to_dial.requests");
        using var reasons = new MeasurementRecorder("chinadial.click_to_dial.reasons");
        var sink = new InMemoryAuditSink();
        var guard = new ClickToDialGuard(new ClickToDialOptions(), timeProvider: new FakeTimeProvider(T0), audit: Trail(sink));

        var accepted = await guard.EvaluateAsync(new(TestNumbers.CnMobile, "203.0.113.7", true));
        var shadow = await guard.EvaluateAsync(new(TestNumbers.CnMobile, "203.0.113.8", true));
        var deflected = await guard.EvaluateAsync(new("+8613900139000", "203.0.113.9", false));
        var rejected = await guard.EvaluateAsync(new("not a number", "203.0.113.10", true));

        Assert.Equal(
            [ClickToDialOutcome.Accepted, ClickToDialOutcome.ShadowAccepted, ClickToDialOutcome.Deflected, ClickToDialOutcome.Rejected],
            [accepted.Outcome, shadow.Outcome, deflected.Outcome, rejected.Outcome]);
        foreach (var outcome in new[] { "accepted", "shadow_accepted", "deflected", "rejected" })
        {
            Assert.Equal(1, requests.Sum(("outcome", outcome)));
        }

        Assert.Equal(1, reasons.Sum(("outcome", "shadow_accepted"), ("reason", "duplicate_callback")));
        Assert.Equal(1, reasons.Sum(("outcome", "rejected"), ("reason", "invalid_destination")));
        Assert.Equal(0, reasons.Sum(("outcome", "accepted")));

        var records = sink.Records.ToList();
        Assert.Equal(4, records.Count);
        Assert.All(records, r => Assert.Equal(AuditEvent.ClickToDial, r.Event));
        Assert.Equal(["accepted", "shadow_accepted", "deflected", "rejected"], records.Select(r => r.Detail!.Split(',')[0]));
        Assert.Equal([CallVerdict.Allow, CallVerdict.Deny, CallVerdict.Deny, CallVerdict.Deny], records.Select(r => r.Verdict));
        Assert.Equal(accepted.CallbackId, records[0].Id);
        Assert.Contains(ReasonCode.DuplicateCallback, records[1].Reasons);
        Assert.Equal(records[0].DestinationHash, records[1].DestinationHash);
        var json = string.Join('\n', records.Select(r => JsonSerializer.Serialize(r)));
        Assert.DoesNotContain("13800138000", json, StringComparison.Ordinal);
        Assert.DoesNotContain("13900139000", json, StringComparison.Ordinal);
        Assert.DoesNotContain(requests.TagValues.Concat(reasons.TagValues), v => v.Any(char.IsDigit));
    }

    [Fact]
    public async Task An_accepted_request_whose_audit_record_cannot_be_written_is_deflected_with_policy_error_and_frees_the_number()
    {
        using var requests = new MeasurementRecorder("chinadial.click_to_dial.requests");
        var time = new FakeTimeProvider(T0);
        var pending = new InMemoryPendingCallbackStore();
        var guard = new ClickToDialGuard(new ClickToDialOptions(), timeProvider: time, pendingCallbacks: pending, audit: Trail(new BrokenSink()));

        var result = await guard.EvaluateAsync(new(TestNumbers.CnMobile, "203.0.113.7", true));

        Assert.Equal(ClickToDialOutcome.Deflected, result.Outcome);
        Assert.False(result.ShouldDial);
        Assert.Equal([ReasonCode.PolicyError], result.Reasons.ToArray());
        Assert.Equal(0, pending.CountPending(time.GetUtcNow()));
        Assert.Equal(1, requests.Sum(("outcome", "deflected")));
        Assert.Equal(0, requests.Sum(("outcome", "accepted")));
    }
}
