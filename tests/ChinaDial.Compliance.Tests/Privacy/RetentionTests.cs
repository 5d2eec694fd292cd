using FsCheck;
using FsCheck.Fluent;
using Microsoft.Extensions.Time.Testing;

namespace ChinaDial.Compliance.Tests.Privacy;

/// <summary>Retention of consents in memory: what ended long enough ago goes, and nothing that decides a call from the
/// cut-off on changes.</summary>
public class RetentionTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 2, 0, 0, TimeSpan.Zero);
    private static readonly RetentionOptions OneDay = new() { ConsentsAfterRevocation = TimeSpan.FromDays(1) };
    private static readonly PhoneNumberInfo Callee = PhoneNumberClassifier.Classify(TestNumbers.CnMobile);

    /// <summary>A grant (kind even) or a revocation, at a whole hour from T0 (0 to 95: four days).</summary>
    public readonly record struct ConsentFact(byte Kind, byte Hour, byte Purpose);

    [Fact]
    public void Pruning_never_changes_an_answer_from_the_cut_off_on_and_forgets_a_number_with_nothing_in_force()
    {
        var property = Prop.ForAll(ArbMap.Default.ArbFor<ConsentFact[]>(), ArbMap.Default.ArbFor<byte>(), (facts, nowHour) =>
        {
            var pruned = new InMemoryConsentStore(OneDay, new FakeTimeProvider(T0));
            var kept = new InMemoryConsentStore();
            foreach (var store in new[] { pruned, kept })
            {
                foreach (var fact in facts)
                {
                    var at = T0.AddHours(fact.Hour % 96);
                    var purpose = (CallPurpose)(fact.Purpose % 3);
                    if (fact.Kind % 2 == 0)
                    {
                        store.Grant(new ConsentRecord(TestNumbers.CnMobile, purpose, at, Proof: "p"));
                    }
                    else
                    {
                        store.Revoke(TestNumbers.CnMobile, purpose, at);
                    }
                }
            }

            var now = T0.AddHours(nowHour % 120);
            pruned.Prune(now);
            var cutoff = now - OneDay.ConsentsAfterRevocation;
            for (var hour = -1; hour <= 121; hour++)
            {
                var at = T0.AddHours(hour);
                foreach (var purpose in new[] { CallPurpose.Marketing, CallPurpose.Service, CallPurpose.Callback })
                {
                    if (at >= cutoff && pruned.Lookup(Callee, purpose, at).Status != kept.Lookup(Callee, purpose, at).Status)
                    {
                        return false;
                    }
                }
            }

            // Nothing in force at or after the cut-off, nothing to come: the number itself is gone.
            var anythingLeft = facts.Length > 0 && Enumerable.Range(0, 3).Any(p => facts.Where(f => f.Purpose % 3 == p).Select(f => (At: T0.AddHours(f.Hour % 96), Revoked: f.Kind % 2 == 1))
                .OrderBy(e => e.At).ThenBy(e => e.Revoked).ToList() is { Count: > 0 } events && (!events[^1].Revoked || events[^1].At > cutoff));
            return anythingLeft == (pruned.Count == 1);
        });

        Check.One(Config.QuickThrowOnFailure.WithMaxTest(3_000), property);
    }

    [Fact]
    public void A_revoked_consent_is_kept_for_the_retention_then_dropped_by_the_hourly_sweep_of_the_clock()
    {
        var clock = new FakeTimeProvider(T0);
        using var store = new InMemoryConsentStore(OneDay, clock);
        store.Grant(new ConsentRecord(TestNumbers.CnMobile, CallPurpose.Marketing, T0.AddDays(-10), T0, "form-1"));

        clock.Advance(TimeSpan.FromHours(23));
        Assert.Equal(1, store.Count);
        Assert.Equal("form-1", store.GetProof(TestNumbers.CnMobile, CallPurpose.Marketing));

        clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(0, store.Count);
    }

    [Fact]
    public void A_consent_in_force_and_an_opt_out_are_never_dropped()
    {
        var clock = new FakeTimeProvider(T0);
        using var store = new InMemoryConsentStore(OneDay, clock);
        store.Grant(new ConsentRecord(TestNumbers.CnMobile, CallPurpose.Marketing, T0.AddDays(-400), Proof: "form-1"));
        store.OptOut("+8613900139000", null, T0.AddDays(-400));

        clock.Advance(TimeSpan.FromDays(30));

        Assert.Equal(ConsentStatus.Granted, store.GetStatus(Callee, CallPurpose.Marketing, clock.GetUtcNow()));
        Assert.Equal(ConsentStatus.OptedOut, store.GetStatus(PhoneNumberClassifier.Classify("+8613900139000"), CallPurpose.Service, clock.GetUtcNow()));
        Assert.Equal(2, store.Count);
    }

    [Fact]
    public void A_grant_superseded_by_a_later_one_is_kept_for_the_retention_after_the_later_one_began()
    {
        using var store = new InMemoryConsentStore(OneDay, new FakeTimeProvider(T0));
        store.Grant(new ConsentRecord(TestNumbers.CnMobile, CallPurpose.Marketing, T0.AddDays(-10), Proof: "old-form", Id: "old"));
        store.Grant(new ConsentRecord(TestNumbers.CnMobile, CallPurpose.Marketing, T0.AddDays(-3), Proof: "new-form", Id: "new"));

        store.Prune(T0.AddDays(-2).AddTicks(-1));
        Assert.Equal("old", store.Lookup(Callee, CallPurpose.Marketing, T0.AddDays(-4)).Evidence!.Id);

        store.Prune(T0.AddDays(-2));
        Assert.Equal(ConsentStatus.None, store.Lookup(Callee, CallPurpose.Marketing, T0.AddDays(-4)).Status);
        Assert.Equal("new", store.Lookup(Callee, CallPurpose.Marketing, T0).Evidence!.Id);
    }

    [Theory]
    [InlineData("ConsentsAfterRevocation", "00:00:00")]
    [InlineData("ConsentsAfterRevocation", "3661.00:00:00")]
    [InlineData("AuditRecords", "23:59:59")]
    [InlineData("AuditRecords", "3661.00:00:00")]
    [InlineData("OutcomeCounters", "00:59:59")]
    [InlineData("OutcomeCounters", "367.00:00:00")]
    public void A_retention_out_of_bounds_fails_validation_naming_its_key(string key, string value)
    {
        var options = new ChinaDialComplianceOptions();
        typeof(RetentionOptions).GetProperty(key)!.SetValue(options.Retention, TimeSpan.Parse(value, System.Globalization.CultureInfo.InvariantCulture));

        Assert.Contains(options.Validate(), e => e.StartsWith($"ChinaDialCompliance:Retention:{key} must be between", StringComparison.Ordinal));
    }
}
