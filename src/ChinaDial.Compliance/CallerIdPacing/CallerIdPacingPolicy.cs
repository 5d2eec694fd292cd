using System;
using System.Threading;
using System.Threading.Tasks;

namespace ChinaDial.Compliance;

/// <summary>
/// Defers a call that would take its caller ID to the warning level of a carrier flagging signal
/// (<c>caller_id_pacing</c>: distinct callees this hour, repeated calls this hour, volume against the fleet) or make its
/// callee hear one caller ID too many today (<c>callee_exposure_limited</c>); <see cref="PolicyResult.NotBefore"/> is
/// the first instant the same call would pass if nothing else arrives (the next UTC hour, the next UTC day, the instant
/// enough of the window's calls have aged out). Reserves while the call is judged and records it when it is placed
/// (see <see cref="CallerIdPacer"/>); runs after the other reserving policies. Caller IDs outside the approved pool are
/// left to the caller-ID policy.
/// </summary>
internal sealed class CallerIdPacingPolicy(CallerIdPacer pacer) : IReservingCallPolicy, IRecordsPlacedCalls
{
    /// <summary>The pacing state, shared with <see cref="CallerIdSelector"/>.</summary>
    public CallerIdPacer Pacer { get; } = pacer ?? throw new ArgumentNullException(nameof(pacer));

    public string Name => BuiltInPolicyNames.CallerIdPacing;

    public ValueTask<PolicyResult> EvaluateAsync(CallContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var index = Pacer.IndexOf(context.CallerId);
        if (index < 0 || !context.Destination.IsParsed)
        {
            return new(PolicyResult.Allow()); // the caller-ID and destination policies judge those
        }

        var now = context.Instant.UtcTicks;
        return new(Pacer.TryReserve(index, context.Destination, now, out var reservation, out var over, out var retryAt)
            ? PolicyResult.Allow(Pacer, reservation)
            : Defer(over, retryAt));
    }

    /// <summary>For a call refused elsewhere: the same objections, nothing reserved.</summary>
    public ValueTask<PolicyResult> CheckAsync(CallContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var index = Pacer.IndexOf(context.CallerId);
        if (index < 0 || !context.Destination.IsParsed)
        {
            return new(PolicyResult.Allow());
        }

        var now = context.Instant.UtcTicks;
        Span<long> scratch = stackalloc long[Pacer.ExposureSlotCount];
        var day = Pacer.ReadCallee(context.Destination, now, scratch);
        var next = Pacer.NextAdmission(index, context.Destination, day, scratch, now, out var pacing, out _);
        return new(pacing == Pacing.None ? PolicyResult.Allow() : Defer(pacing, next));
    }

    public void Commit(CallContext context, in PolicyResult reservation)
    {
        ArgumentNullException.ThrowIfNull(context);
        Pacer.Commit(Pacer.IndexOf(context.CallerId), context.Destination, reservation.ReservationValue, context.Instant.UtcTicks);
    }

    public void Release(CallContext context, in PolicyResult reservation)
    {
        ArgumentNullException.ThrowIfNull(context);

        // Asked only for a call the decision refused (see IRecordsPlacedCalls): after an allowed decision the call may
        // have been placed, so the evaluator leaves it counted until its hour and day end — stricter, never looser.
        Pacer.Release(Pacer.IndexOf(context.CallerId), context.Destination, reservation.ReservationValue, context.Instant.UtcTicks);
    }

    public void Complete(CallContext context, in PolicyResult reservation, CallOutcome outcome, DateTimeOffset completedAt)
    {
        // The call was counted when it was placed.
    }

    private static PolicyResult Defer(Pacing pacing, long notBefore)
    {
        var reasons = ReasonCodeSet.Empty;
        if ((pacing & (Pacing.FanOut | Pacing.Repeated | Pacing.Volume)) != 0)
        {
            reasons = reasons.Add(ReasonCode.CallerIdPacing);
        }

        if ((pacing & Pacing.CalleeExposure) != 0)
        {
            reasons = reasons.Add(ReasonCode.CalleeExposureLimited);
        }

        return PolicyResult.Defer(reasons, Instants.FromUtcTicks(notBefore));
    }
}
