using System;
using System.Threading;
using System.Threading.Tasks;

namespace ChinaDial.Compliance;

/// <summary>
/// A stateful policy that reserves quota (a rate slot, a concurrency slot) while a call is evaluated. The evaluator
/// guarantees that a call denied or deferred by any policy consumes no quota anywhere:
/// <list type="number">
/// <item><see cref="IOutboundCallPolicy.EvaluateAsync"/> returns <see cref="PolicyResult.Allow(object, long)"/> with the reservation;</item>
/// <item>when every policy allowed the call, the evaluator calls <see cref="Commit"/>; otherwise <see cref="Release"/>;</item>
/// <item>after a commit, exactly one of <see cref="Complete"/> (the call was placed, ticket completed),
/// <see cref="Release"/> (the ticket was cancelled: the call was not placed) follows, or neither when the
/// ticket expires; a policy that holds quota for calls in progress must let it lapse on its own at
/// <see cref="CallContext.TicketExpiresAt"/>.</item>
/// </list>
/// These methods are called at most once per reservation and must not throw.
/// <para>The evaluator runs in two phases: every policy that reserves nothing first, then the reserving policies.
/// A reserving policy is asked to reserve (<see cref="IOutboundCallPolicy.EvaluateAsync"/>) only when no enforcing
/// policy refused the call; otherwise it is only asked when the call could be retried (<see cref="CheckAsync"/>), so
/// that a call that cannot be placed takes no quota, creates no per-key state and costs no round trip. A call judged
/// for a later instant (<see cref="CallContext.IsPreview"/>) asks the reserving policies nothing.</para>
/// </summary>
public interface IReservingCallPolicy : IOutboundCallPolicy
{
    /// <summary>
    /// For a call another policy already refused: would this policy pass the call now, and if not, from when
    /// (<see cref="PolicyResult.Defer(ReasonCode, DateTimeOffset)"/> with the retry instant)? A check reserves nothing,
    /// creates no state and makes no round trip to a remote store; a result carrying a reservation is released at once.
    /// The default answers <see cref="PolicyResult.Allow()"/>: no opinion (a policy that cannot tell without a round
    /// trip, such as a remote limiter, keeps it; the decision then lists the objections of the other policies only).
    /// </summary>
    ValueTask<PolicyResult> CheckAsync(CallContext context, CancellationToken cancellationToken) => new(PolicyResult.Allow());

    /// <summary>Makes the reservation of an allowed call permanent.</summary>
    void Commit(CallContext context, in PolicyResult reservation);

    /// <summary>Gives the reservation back: the call was denied by another policy, or its ticket was cancelled.</summary>
    void Release(CallContext context, in PolicyResult reservation);

    /// <summary>The call was placed and ended with <paramref name="outcome"/> at <paramref name="completedAt"/>.</summary>
    void Complete(CallContext context, in PolicyResult reservation, CallOutcome outcome, DateTimeOffset completedAt);
}
