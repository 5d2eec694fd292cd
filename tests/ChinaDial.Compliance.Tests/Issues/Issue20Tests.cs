using FsCheck;
using FsCheck.Fluent;
using Microsoft.Extensions.Time.Testing;

namespace ChinaDial.Compliance.Tests.Issues;

/// <summary>
/// Issue 20: a decision path that costs nothing it does not need. Found while attacking its public seams: a
/// <see cref="CallPurpose"/> outside the enum (a number cast to it, or read from a newer producer) matched no
/// per-purpose rule. With calling hours on, that policy threw and the call was denied with <c>policy_error</c>; with
/// calling hours off, a call with no consent was allowed. The Connect sender refused such a purpose; the core evaluator
/// did not. The first three tests fail at 3823987 (they name the new code by its JSON name only).
/// </summary>
public class Issue20Tests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 2, 0, 0, TimeSpan.Zero); // 10:00 in Shanghai

    [Fact]
    public async Task A_call_whose_purpose_is_not_a_defined_value_is_denied_with_unknown_purpose()
    {
        var evaluator = new ChinaDialComplianceOptions { CallerIds = { Approved = [TestNumbers.UsCallerId] } }
            .CreateEvaluator(new FakeTimeProvider(Now));

        var decision = await evaluator.EvaluateAsync(new OutboundCall(TestNumbers.UsCallerId, TestNumbers.CnMobile, (CallPurpose)7));

        Assert.Equal(CallVerdict.Deny, decision.Verdict);
        Assert.Equal(["unknown_purpose"], decision.Reasons.Select(r => r.ToJsonName()));
        Assert.Null(decision.Ticket);
    }

    [Fact]
    public async Task With_calling_hours_off_a_marketing_call_with_no_consent_is_not_allowed_by_giving_it_an_undefined_purpose()
    {
        var options = new ChinaDialComplianceOptions { CallerIds = { Approved = [TestNumbers.UsCallerId] } };
        options.CallingHours.Enabled = false;
        var evaluator = options.CreateEvaluator(new FakeTimeProvider(Now));

        var marketing = await evaluator.EvaluateAsync(new OutboundCall(TestNumbers.UsCallerId, TestNumbers.CnMobile, CallPurpose.Marketing));
        var undefined = await evaluator.EvaluateAsync(new OutboundCall(TestNumbers.UsCallerId, TestNumbers.CnMobile, (CallPurpose)7));

        Assert.Equal(CallVerdict.Deny, marketing.Verdict); // no consent
        Assert.Equal(CallVerdict.Deny, undefined.Verdict);
        Assert.Equal(["unknown_purpose"], undefined.Reasons.Select(r => r.ToJsonName()));
    }

    [Fact]
    public void No_value_outside_the_enum_is_ever_allowed_nor_asks_a_policy()
    {
        var recording = new RecordingPolicy();
        var evaluator = new ChinaDialComplianceOptions { CallerIds = { Approved = [TestNumbers.UsCallerId] } }
            .CreateEvaluator(new FakeTimeProvider(Now), additionalPolicies: [recording]);
        var undefined = Gen.OneOf(Gen.Choose(3, int.MaxValue), Gen.Choose(int.MinValue, -1), Gen.Elements(3, 4, 255, -1, int.MaxValue, int.MinValue));

        var property = Prop.ForAll(undefined.ToArbitrary(), value =>
        {
            var decision = evaluator.EvaluateAsync(new OutboundCall(TestNumbers.UsCallerId, TestNumbers.CnMobile, (CallPurpose)value)).AsTask().GetAwaiter().GetResult();
            return decision.Verdict == CallVerdict.Deny && decision.Reasons.Any(r => r.ToJsonName() == "unknown_purpose") && decision.Ticket is null;
        });

        Check.One(Config.QuickThrowOnFailure.WithMaxTest(2_000), property);
        Assert.Equal(0, recording.Asked);
    }

    [Fact]
    public void The_public_consent_rule_denies_a_purpose_that_is_not_defined_whatever_the_store_holds()
    {
        // The rule the in-process and Redis consent policies share is public: used outside the evaluator, it fails
        // closed on its own (it answered Allow for (CallPurpose)7 with no consent recorded).
        var rule = new ConsentRule(new ConsentOptions());

        foreach (var lookup in new[] { default, new ConsentLookup(ConsentStatus.Granted) })
        {
            var result = rule.Decide(lookup, (CallPurpose)7);
            Assert.Equal(CallVerdict.Deny, result.Verdict);
            Assert.Equal(["unknown_purpose"], result.Reasons.Select(r => r.ToJsonName()));
        }
    }

    public static TheoryData<CallPurpose> DefinedPurposes => [.. Enum.GetValues<CallPurpose>()];

    [Theory]
    [MemberData(nameof(DefinedPurposes))]
    public async Task Every_defined_purpose_is_still_judged_by_the_policies(CallPurpose purpose)
    {
        var evaluator = new ChinaDialComplianceOptions { CallerIds = { Approved = [TestNumbers.UsCallerId] } }
            .CreateEvaluator(new FakeTimeProvider(Now));

        var decision = await evaluator.EvaluateAsync(new OutboundCall(TestNumbers.UsCallerId, TestNumbers.CnMobile, purpose));

        Assert.DoesNotContain("unknown_purpose", decision.Reasons.Select(r => r.ToJsonName()));
        Assert.Equal(purpose == CallPurpose.Marketing ? CallVerdict.Deny : CallVerdict.Allow, decision.Verdict); // no consent recorded
    }

    private sealed class RecordingPolicy : IOutboundCallPolicy
    {
        private int _asked;

        public int Asked => Volatile.Read(ref _asked);

        public string Name => "recording";

        public ValueTask<PolicyResult> EvaluateAsync(CallContext context, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _asked);
            return new(PolicyResult.Allow());
        }
    }
}
