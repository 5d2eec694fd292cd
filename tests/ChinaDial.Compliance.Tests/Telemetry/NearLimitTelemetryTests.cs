using Microsoft.Extensions.Time.Testing;

namespace ChinaDial.Compliance.Tests.Telemetry;

[Collection(MetricsAlone.Name)]
public class NearLimitTelemetryTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 2, 0, 0, TimeSpan.Zero);

    private static ChinaDialComplianceOptions Options(double share) => new()
    {
        CallerIds = { Approved = [TestNumbers.UsCallerId, TestNumbers.UsCallerId2] },
        CallingHours = { Enabled = false },
        Alerts = { NearLimitShare = share },
    };

    private static Task<CallDecision> Call(OutboundCallEvaluator evaluator, string callerId, string destination)
        => evaluator.EvaluateAsync(new OutboundCall(callerId, destination, CallPurpose.Service)).AsTask();

    [Fact]
    public async Task An_allowed_call_that_leaves_its_caller_id_at_four_of_five_calls_a_minute_is_counted_near_the_rate_limit()
    {
        using var near = new MeasurementRecorder("chinadial.limit.near");
        var options = Options(0.8);
        options.Concurrency.Enabled = false;
        var evaluator = options.CreateEvaluator(new FakeTimeProvider(T0));

        for (var i = 0; i < 3; i++)
        {
            Assert.True((await Call(evaluator, TestNumbers.UsCallerId, $"+861380013800{i}")).IsAllowed);
        }

        Assert.Equal(0, near.Sum(("limit", "caller_id_rate")));
        Assert.True((await Call(evaluator, TestNumbers.UsCallerId, "+8613800138003")).IsAllowed);
        Assert.Equal(1, near.Sum(("limit", "caller_id_rate")));
        Assert.True((await Call(evaluator, TestNumbers.UsCallerId, "+8613800138004")).IsAllowed);
        Assert.Equal(2, near.Sum(("limit", "caller_id_rate")));

        // The breach itself is a deferral, not a near-limit signal; another caller ID starts from nothing.
        Assert.False((await Call(evaluator, TestNumbers.UsCallerId, "+8613800138005")).IsAllowed);
        Assert.True((await Call(evaluator, TestNumbers.UsCallerId2, "+8613800138006")).IsAllowed);
        Assert.Equal(2, near.Sum(("limit", "caller_id_rate")));
    }

    [Fact]
    public async Task Calls_in_progress_at_the_share_of_the_cap_are_counted_near_the_concurrency_limit()
    {
        using var near = new MeasurementRecorder("chinadial.limit.near");
        var options = Options(0.5);
        options.Concurrency.MaxCallsInProgress = 4;
        options.CallerIdRate.Enabled = false;
        var evaluator = options.CreateEvaluator(new FakeTimeProvider(T0));

        Assert.True((await Call(evaluator, TestNumbers.UsCallerId, "+8613800138000")).IsAllowed);
        Assert.Equal(0, near.Sum(("limit", "concurrency")));
        Assert.True((await Call(evaluator, TestNumbers.UsCallerId, "+8613800138001")).IsAllowed);
        Assert.Equal(1, near.Sum(("limit", "concurrency")));
    }

    [Fact]
    public async Task A_callee_reaching_the_share_of_its_daily_cap_is_counted_near_the_frequency_limit()
    {
        using var near = new MeasurementRecorder("chinadial.limit.near");
        var options = Options(0.8); // 3 a day per callee: near at ceil(2.4) = 3
        options.Concurrency.Enabled = false;
        var evaluator = options.CreateEvaluator(new FakeTimeProvider(T0));

        Assert.True((await Call(evaluator, TestNumbers.UsCallerId, TestNumbers.CnMobile)).IsAllowed);
        Assert.True((await Call(evaluator, TestNumbers.UsCallerId2, TestNumbers.CnMobile)).IsAllowed);
        Assert.Equal(0, near.Sum(("limit", "destination_frequency")));
        Assert.True((await Call(evaluator, TestNumbers.UsCallerId, TestNumbers.CnMobile)).IsAllowed);
        Assert.Equal(1, near.Sum(("limit", "destination_frequency")));
        Assert.DoesNotContain(near.TagValues, v => v.Contains("13800138000", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_preview_is_never_counted_near_a_limit()
    {
        var time = new FakeTimeProvider(T0);
        using var near = new MeasurementRecorder("chinadial.limit.near");
        var options = Options(0.1);
        var evaluator = options.CreateEvaluator(time);

        var preview = await evaluator.EvaluateAsync(new OutboundCall(TestNumbers.UsCallerId, TestNumbers.CnMobile, CallPurpose.Service) { RequestedAt = T0.AddHours(1) });

        Assert.Contains(ReasonCode.NotYetDue, preview.Reasons);
        Assert.Equal(0, near.Sum());
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.05)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void A_near_limit_share_outside_a_tenth_to_one_fails_validation(double share)
        => Assert.Contains(Options(share).Validate(), e => e.StartsWith("ChinaDialCompliance:Alerts:NearLimitShare must be between 0.1 and 1", StringComparison.Ordinal));

    [Theory]
    [InlineData(0.8, 5, 4)]
    [InlineData(0.8, 3, 3)]
    [InlineData(0.1, 5, 1)]
    [InlineData(1.0, 5, 5)]
    [InlineData(0.5, 1, 1)]
    public void The_near_limit_count_is_the_share_of_the_limit_rounded_up_and_at_least_one(double share, int limit, int threshold)
        => Assert.Equal(threshold, new AlertOptions { NearLimitShare = share }.Threshold(limit));
}
