using FsCheck;
using FsCheck.Fluent;
using Microsoft.Extensions.Time.Testing;

namespace ChinaDial.Compliance.Tests.RateLimiting;

/// <summary>
/// What every reserving caller-ID rate policy must do (runtime's <c>BaseRateLimiterTests</c> is the model), checked
/// through the public evaluator only: an evaluator holding the policy under test and a policy that denies on demand.
/// Run by the in-process sliding log, the paced one and the Redis one. A call denied by another policy takes no quota,
/// a completed ticket keeps its quota, and no more than the limit is admitted at once.
/// </summary>
public abstract class ReservingPolicyContractTests
{
    protected const int Limit = 3;

    /// <summary>Long enough that no test outlives it on a real clock (the Redis server's).</summary>
    protected static readonly TimeSpan LongWindow = TimeSpan.FromHours(1);

    protected static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly string[] CallerIds = ["+12065550100", "+12065550101", "+12065550102"];

    /// <summary>The policy under test, limiting every caller ID to <paramref name="options"/>; an in-process policy
    /// judges calls by the evaluator's clock, <paramref name="time"/>.</summary>
    protected abstract IOutboundCallPolicy CreatePolicy(CallerIdRateOptions options, TimeProvider time);

    /// <summary>The options of a limit of <paramref name="limit"/> calls per <paramref name="window"/>.</summary>
    protected virtual CallerIdRateOptions Options(int limit, TimeSpan window) => new() { Limit = limit, Window = window };

    /// <summary>Waits until the quota given back by a cancelled ticket or a denied call is back in the store (a remote
    /// store may give it back after the decision).</summary>
    protected virtual Task QuotaReturnedAsync() => Task.CompletedTask;

    protected ContractEvaluator Build(int limit, TimeSpan window)
    {
        var time = new FakeTimeProvider(Start);
        var deny = new DenyOnDemandPolicy();
        var evaluator = new OutboundCallEvaluator(
            [CreatePolicy(Options(limit, window), time), deny],
            new OutboundCallEvaluatorOptions { PolicyTimeout = TimeSpan.FromSeconds(30) },
            time);
        return new ContractEvaluator(evaluator, time, deny);
    }

    [Fact]
    public async Task A_call_denied_by_another_policy_takes_no_quota()
    {
        var contract = Build(Limit, LongWindow);

        contract.Deny.Denying = true;
        for (var i = 0; i < 2 * Limit; i++)
        {
            var denied = await contract.DecideAsync(CallerIds[0]);
            Assert.Equal(CallVerdict.Deny, denied.Verdict);
            Assert.Equal(ReasonCodeSet.Of(DenyOnDemandPolicy.Reason), denied.Reasons);
        }

        await QuotaReturnedAsync();
        contract.Deny.Denying = false;
        await AssertAdmitsExactlyTheLimitAsync(contract, CallerIds[0], complete: true);
    }

    [Fact]
    public async Task Completing_a_ticket_commits_its_quota()
    {
        var contract = Build(Limit, LongWindow);
        var tickets = await AssertAdmitsExactlyTheLimitAsync(contract, CallerIds[0], complete: false);

        Assert.All(tickets, ticket => Assert.True(ticket.Complete(new CallOutcome(Answered: true, Duration: TimeSpan.FromSeconds(30)))));
        await QuotaReturnedAsync();

        AssertRateLimited(await contract.DecideAsync(CallerIds[0]));
        Assert.False(tickets[0].Cancel());
        AssertRateLimited(await contract.DecideAsync(CallerIds[0]));
    }

    [Fact]
    public async Task Cancelling_the_latest_ticket_gives_its_quota_back_and_only_its_own()
    {
        var contract = Build(Limit, LongWindow);
        var tickets = await AssertAdmitsExactlyTheLimitAsync(contract, "+12065550100", complete: false);

        // The latest admission: a paced limit (GCRA) gives an admission back only if nothing was admitted after it.
        Assert.True(tickets[^1].Cancel());
        await QuotaReturnedAsync();

        Assert.True((await contract.DecideAsync("+12065550100")).IsAllowed);
        AssertRateLimited(await contract.DecideAsync("+12065550100"));
        Assert.True((await contract.DecideAsync("+12065550101")).IsAllowed);
    }

    [Fact]
    public async Task No_more_than_the_limit_is_admitted_at_one_instant_per_caller_ID()
    {
        var contract = Build(Limit, LongWindow);
        foreach (var callerId in CallerIds)
        {
            var decisions = new List<CallDecision>();
            for (var i = 0; i < 4 * Limit; i++)
            {
                decisions.Add(await contract.DecideAsync(callerId));
            }

            Assert.Equal(Limit, decisions.Count(d => d.IsAllowed));
            Assert.All(decisions.Where(d => !d.IsAllowed), AssertRateLimited);
        }
    }

    protected static void AssertRateLimited(CallDecision decision)
    {
        Assert.Equal(CallVerdict.Defer, decision.Verdict);
        Assert.Equal(ReasonCodeSet.Of(ReasonCode.CallerIdRateLimited), decision.Reasons);
        Assert.NotNull(decision.NotBefore);
        Assert.Null(decision.Ticket);
    }

    protected static async Task<List<CallTicket>> AssertAdmitsExactlyTheLimitAsync(ContractEvaluator contract, string callerId, bool complete)
    {
        var tickets = new List<CallTicket>();
        for (var i = 0; i < Limit; i++)
        {
            var decision = await contract.DecideAsync(callerId);
            Assert.True(decision.IsAllowed, $"call {i + 1} of {Limit}: {decision}");
            tickets.Add(decision.Ticket!);
            if (complete)
            {
                Assert.True(decision.Ticket!.Complete(new CallOutcome(Answered: false, Duration: TimeSpan.Zero)));
            }
        }

        AssertRateLimited(await contract.DecideAsync(callerId));
        return tickets;
    }

    /// <summary>An evaluator under test, its clock and the policy that denies on demand.</summary>
    protected sealed class ContractEvaluator(OutboundCallEvaluator evaluator, FakeTimeProvider time, DenyOnDemandPolicy deny)
    {
        public OutboundCallEvaluator Evaluator { get; } = evaluator;

        public FakeTimeProvider Time { get; } = time;

        public DenyOnDemandPolicy Deny { get; } = deny;

        public ValueTask<CallDecision> DecideAsync(string callerId)
            => Evaluator.EvaluateAsync(new OutboundCall(callerId, "+8613800138000", CallPurpose.Service));
    }

    /// <summary>Stands for any other policy that objects: denies every call while <see cref="Denying"/>.</summary>
    protected sealed class DenyOnDemandPolicy : IOutboundCallPolicy
    {
        public const ReasonCode Reason = ReasonCode.NoConsent;

        public bool Denying { get; set; }

        public string Name => "test-deny-on-demand";

        public ValueTask<PolicyResult> EvaluateAsync(CallContext context, CancellationToken cancellationToken)
            => new(Denying ? PolicyResult.Deny(Reason) : PolicyResult.Allow());
    }
}

/// <summary>
/// The contract for a policy in process, judging calls by the evaluator's clock: with that clock under the test's
/// control, the sliding-window guarantee under adversarial instants and the exactness of <c>NotBefore</c>.
/// </summary>
public abstract class ClockedReservingPolicyContractTests : ReservingPolicyContractTests
{
    [Fact]
    public async Task A_deferred_call_passes_at_its_NotBefore_and_not_one_tick_before()
    {
        var contract = Build(Limit, TimeSpan.FromMinutes(1));
        var deferred = 0;
        for (var step = 0; step < 3 * Limit; step++)
        {
            var decision = await contract.DecideAsync("+12065550100");
            if (decision.IsAllowed)
            {
                contract.Time.Advance(TimeSpan.FromSeconds(7));
                continue;
            }

            AssertRateLimited(decision);
            deferred++;
            var notBefore = decision.NotBefore!.Value;
            Assert.True(notBefore > contract.Time.GetUtcNow());

            contract.Time.SetUtcNow(notBefore.AddTicks(-1));
            AssertRateLimited(await contract.DecideAsync("+12065550100"));

            contract.Time.SetUtcNow(notBefore);
            Assert.True((await contract.DecideAsync("+12065550100")).IsAllowed);
        }

        Assert.True(deferred >= 2, $"{deferred} deferral(s)");
    }

    [Fact]
    public void No_window_ever_admits_more_than_the_limit_whatever_the_instants()
    {
        var window = TimeSpan.FromSeconds(10);

        // Adversarial gaps: none, one tick, just under, at and just over the window, and arbitrary ones; some calls
        // denied by another policy, some tickets cancelled (their quota given back), the rest completed.
        var gap = Gen.OneOf(
            Gen.Elements(0L, 1L, window.Ticks - 1, window.Ticks, window.Ticks + 1, window.Ticks / Limit, (window.Ticks / Limit) - 1),
            Gen.Choose(0, (int)(window.Ticks / TimeSpan.TicksPerMillisecond) * 2).Select(ms => ms * TimeSpan.TicksPerMillisecond));
        var step = Gen.Zip(gap, Gen.Choose(0, 9)).Select(t => (Gap: t.Item1, Fate: t.Item2));
        var arbitrary = Gen.ListOf(step).Select(s => s.ToArray()).ToArbitrary();

        Prop.ForAll(arbitrary, steps =>
        {
            var contract = Build(Limit, window);
            var kept = new List<long>();
            foreach (var (advance, fate) in steps)
            {
                contract.Time.Advance(TimeSpan.FromTicks(advance));
                contract.Deny.Denying = fate == 0;
                var decision = contract.DecideAsync("+12065550100").AsTask().GetAwaiter().GetResult();
                if (!decision.IsAllowed)
                {
                    continue;
                }

                if (fate == 1)
                {
                    decision.Ticket!.Cancel();
                }
                else
                {
                    decision.Ticket!.Complete(new CallOutcome(Answered: true, Duration: TimeSpan.FromSeconds(1)));
                    kept.Add(contract.Time.GetUtcNow().UtcTicks);
                }
            }

            return kept.All(at => kept.Count(other => other > at - window.Ticks && other <= at) <= Limit);
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(2_000));
    }
}
