using FsCheck;
using FsCheck.Fluent;
using Microsoft.Extensions.Time.Testing;

namespace ChinaDial.Compliance.Tests.Consent;

public class ConsentPolicyTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 2, 0, 0, TimeSpan.Zero);

    private static async Task<CallDecision> Call(IConsentStore store, CallPurpose purpose, DateTimeOffset at, OutboundCallEvaluatorOptions? options = null, FakeTimeProvider? clock = null)
    {
        clock ??= new FakeTimeProvider(at);
        var evaluator = new OutboundCallEvaluator([new ConsentPolicy(new ConsentOptions(), store)], options, clock);
        return await evaluator.EvaluateAsync(new OutboundCall(TestNumbers.UsCallerId, TestNumbers.CnMobile, purpose));
    }

    [Fact]
    public async Task A_marketing_call_without_consent_is_denied_with_no_consent()
        => Assert.Equal([ReasonCode.NoConsent], (await Call(new InMemoryConsentStore(), CallPurpose.Marketing, T0)).Reasons.ToArray());

    [Fact]
    public async Task A_service_call_needs_no_consent_by_default()
        => Assert.True((await Call(new InMemoryConsentStore(), CallPurpose.Service, T0)).IsAllowed);

    [Fact]
    public async Task A_marketing_call_with_active_consent_is_allowed_and_the_proof_is_kept()
    {
        var store = new InMemoryConsentStore();
        store.Grant(new ConsentRecord("+86 138 0013 8000", CallPurpose.Marketing, T0.AddDays(-3), Proof: "web-form-4711"));

        Assert.True((await Call(store, CallPurpose.Marketing, T0)).IsAllowed);
        Assert.Equal("web-form-4711", store.GetProof(TestNumbers.CnMobile, CallPurpose.Marketing));
    }

    [Fact]
    public async Task A_call_one_tick_after_a_revocation_is_denied()
    {
        var store = new InMemoryConsentStore();
        store.Grant(new ConsentRecord(TestNumbers.CnMobile, CallPurpose.Marketing, T0.AddDays(-3), Proof: "web-form-1"));
        store.Revoke(TestNumbers.CnMobile, CallPurpose.Marketing, T0);

        Assert.True((await Call(store, CallPurpose.Marketing, T0.AddTicks(-1))).IsAllowed);
        Assert.Equal([ReasonCode.NoConsent], (await Call(store, CallPurpose.Marketing, T0)).Reasons.ToArray());
        Assert.Equal([ReasonCode.NoConsent], (await Call(store, CallPurpose.Marketing, T0.AddTicks(1))).Reasons.ToArray());
    }

    [Fact]
    public async Task An_opt_out_wins_over_consent_from_its_instant_for_its_purpose_or_for_all()
    {
        var store = new InMemoryConsentStore();
        store.Grant(new ConsentRecord(TestNumbers.CnMobile, CallPurpose.Marketing, T0.AddDays(-3), Proof: "web-form-1"));
        store.OptOut(TestNumbers.CnMobile, CallPurpose.Marketing, T0);

        Assert.True((await Call(store, CallPurpose.Marketing, T0.AddTicks(-1))).IsAllowed);
        Assert.Equal([ReasonCode.OptedOut], (await Call(store, CallPurpose.Marketing, T0.AddTicks(1))).Reasons.ToArray());
        Assert.True((await Call(store, CallPurpose.Service, T0.AddTicks(1))).IsAllowed);

        store.OptOut(TestNumbers.CnMobile, null, T0.AddHours(1));
        Assert.Equal([ReasonCode.OptedOut], (await Call(store, CallPurpose.Service, T0.AddHours(1))).Reasons.ToArray());
    }

    [Fact]
    public void Opt_out_beats_consent_for_every_ordering_of_grant_revoke_opt_out_and_call_instants()
    {
        var instants = Gen.Choose(-1000, 1000).Select(m => T0.AddTicks(m));
        var scenarios =
            from grant in instants
            from revoke in Gen.OneOf(Gen.Constant<DateTimeOffset?>(null), instants.Select(i => (DateTimeOffset?)i))
            from optOut in Gen.OneOf(Gen.Constant<DateTimeOffset?>(null), instants.Select(i => (DateTimeOffset?)i))
            from optOutAll in ArbMap.Default.GeneratorFor<bool>()
            from call in instants
            from purpose in Gen.Elements(CallPurpose.Marketing, CallPurpose.Service)
            select (grant, revoke, optOut, optOutAll, call, purpose);

        var property = Prop.ForAll(scenarios.ToArbitrary(), scenario =>
        {
            var (grant, revoke, optOut, optOutAll, call, purpose) = scenario;
            var store = new InMemoryConsentStore();
            store.Grant(new ConsentRecord(TestNumbers.CnMobile, CallPurpose.Marketing, grant, Proof: "web-form-1"));
            if (revoke is { } r)
            {
                store.Revoke(TestNumbers.CnMobile, CallPurpose.Marketing, r);
            }

            if (optOut is { } o)
            {
                store.OptOut(TestNumbers.CnMobile, optOutAll ? null : CallPurpose.Marketing, o);
            }

            var decision = Call(store, purpose, call).GetAwaiter().GetResult();

            // The reference: an opt-out in force wins; else marketing needs the grant to be the latest of grant and
            // revocation at or before t (a revocation wins at the grant's own instant; one before the grant withdraws nothing).
            var optedOut = optOut is { } at && at <= call && (optOutAll || purpose == CallPurpose.Marketing);
            var consented = grant <= call && (revoke is not { } rv || call < rv || rv < grant);
            var expected = optedOut ? ReasonCode.OptedOut : purpose == CallPurpose.Marketing && !consented ? ReasonCode.NoConsent : ReasonCode.None;
            return expected == ReasonCode.None ? decision.IsAllowed : decision.Reasons.ToArray().SequenceEqual([expected]);
        });

        Check.One(Config.QuickThrowOnFailure.WithMaxTest(10_000), property);
    }

    private sealed class FailingStore : IConsentStore
    {
        public ValueTask<ConsentStatus> GetStatusAsync(PhoneNumberInfo callee, CallPurpose purpose, DateTimeOffset at, CancellationToken cancellationToken)
            => throw new TimeoutException("consent database unreachable");
    }

    private sealed class HangingStore : IConsentStore
    {
        public ValueTask<ConsentStatus> GetStatusAsync(PhoneNumberInfo callee, CallPurpose purpose, DateTimeOffset at, CancellationToken cancellationToken)
            => new(new TaskCompletionSource<ConsentStatus>().Task);
    }

    [Fact]
    public async Task A_store_that_throws_gives_policy_error_never_an_allow()
        => Assert.Equal([ReasonCode.PolicyError], (await Call(new FailingStore(), CallPurpose.Service, T0)).Reasons.ToArray());

    [Fact]
    public async Task A_store_that_does_not_answer_in_time_gives_policy_error()
    {
        var clock = new FakeTimeProvider(T0);
        var pending = Call(new HangingStore(), CallPurpose.Service, T0, new OutboundCallEvaluatorOptions { PolicyTimeout = TimeSpan.FromMilliseconds(100) }, clock);
        clock.Advance(TimeSpan.FromMilliseconds(101));

        Assert.Equal([ReasonCode.PolicyError], (await pending.WaitAsync(TimeSpan.FromSeconds(10))).Reasons.ToArray());
    }

    [Fact]
    public void The_in_memory_store_refuses_numbers_it_cannot_key()
        => Assert.Throws<ArgumentException>(() => new InMemoryConsentStore().OptOut("13800138000", null, T0));
}
