using System;

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
/// </summary>
public interface IReservingCallPolicy : IOutboundCallPolicy
{
    /// <summary>Makes the reservation of an allowed call permanent.</summary>
    void Commit(CallContext context, in PolicyResult reservation);

    /// <summary>Gives the reservation back: the call was denied by another policy, or its ticket was cancelled.</summary>
    void Release(CallContext context, in PolicyResult reservation);

    /// <summary>The call was placed and ended with <paramref name="outcome"/> at <paramref name="completedAt"/>.</summary>
    void Complete(CallContext context, in PolicyResult reservation, CallOutcome outcome, DateTimeOffset completedAt);
}
