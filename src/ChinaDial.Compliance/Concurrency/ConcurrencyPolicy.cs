using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace ChinaDial.Compliance;

/// <summary>
/// Defers a call with <c>concurrency_limited</c> when its caller ID has <c>MaxCallsInProgress</c> calls in progress.
/// A deferral, not a deny: the call becomes possible as soon as one of them ends; <see cref="PolicyResult.NotBefore"/>
/// is the earliest ticket expiry among them (the first instant a slot frees if no ticket is completed or cancelled),
/// and the dialer may retry sooner after completing a ticket.
/// </summary>
/// <remarks>One <see cref="SlidingLogTable"/> group with a zero window: each slot holds the ticket expiry of a
/// call in progress and is free once that instant has passed, or when the ticket is completed or cancelled.</remarks>
internal sealed class ConcurrencyPolicy : IReservingCallPolicy
{
    private readonly SlidingLogTable _inProgress;
    private readonly int _nearLimit;

    public ConcurrencyPolicy(ConcurrencyOptions options, AlertOptions? alerts = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        options.Validate(errors, "Concurrency");
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(Environment.NewLine, errors), nameof(options));
        }

        _inProgress = new SlidingLogTable([options.MaxCallsInProgress], [0L], TimeSpan.TicksPerMinute * 10);
        _nearLimit = (alerts ?? new AlertOptions()).Threshold(options.MaxCallsInProgress);
    }

    public string Name => BuiltInPolicyNames.Concurrency;

    /// <summary>The number of caller IDs with state.</summary>
    internal int TrackedKeys => _inProgress.Count;

    public ValueTask<PolicyResult> EvaluateAsync(CallContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!context.CallerId.IsParsed)
        {
            return new(PolicyResult.Allow());
        }

        return new(Acquire(context.CallerId.Key, context.Instant.UtcTicks, context.TicketExpiresAt.UtcTicks));
    }

    /// <summary>For a call refused elsewhere: the same objection, nothing claimed.</summary>
    public ValueTask<PolicyResult> CheckAsync(CallContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new(context.CallerId.IsParsed ? Check(context.CallerId.Key, context.Instant.UtcTicks) : PolicyResult.Allow());
    }

    /// <summary>When a call for <paramref name="callerId"/> at <paramref name="now"/> (UTC ticks) would find a place:
    /// <paramref name="now"/> when one is free, else the earliest ticket expiry. A pure query (caller-ID selection).</summary>
    internal long NextPlace(ulong callerId, long now) => _inProgress.RetryAt(callerId, now);

    /// <summary>The answer <see cref="Acquire"/> would give, without claiming (for a call already denied).</summary>
    internal PolicyResult Check(ulong callerId, long now)
    {
        var retryAt = _inProgress.RetryAt(callerId, now);
        return retryAt <= now ? PolicyResult.Allow() : PolicyResult.Defer(ReasonCode.ConcurrencyLimited, Instants.FromUtcTicks(retryAt));
    }

    /// <summary>The decision for one caller ID at <paramref name="now"/> for a call whose ticket lapses at <paramref name="expiresAt"/> (UTC ticks).</summary>
    internal PolicyResult Acquire(ulong callerId, long now, long expiresAt)
        => _inProgress.TryAcquire(callerId, now, expiresAt, out var slots, out var retryAt)
            ? PolicyResult.Allow(_inProgress, (long)slots)
            : PolicyResult.Defer(ReasonCode.ConcurrencyLimited, Instants.FromUtcTicks(retryAt));

    public void Commit(CallContext context, in PolicyResult reservation)
    {
        // The slot was claimed during evaluation; only the alert is left: the caller ID's calls now in progress.
        if (NearLimitTelemetry.NearLimit.Enabled && context.CallerId.IsParsed
            && _inProgress.CountAfter(context.CallerId.Key, 0, context.Instant.UtcTicks) >= _nearLimit)
        {
            NearLimitTelemetry.Record(NearLimitTelemetry.Concurrency);
        }
    }

    public void Release(CallContext context, in PolicyResult reservation)
    {
        ArgumentNullException.ThrowIfNull(context);
        Free(context.CallerId.Key, reservation, context.TicketExpiresAt.UtcTicks);
    }

    public void Complete(CallContext context, in PolicyResult reservation, CallOutcome outcome, DateTimeOffset completedAt)
    {
        ArgumentNullException.ThrowIfNull(context);
        Free(context.CallerId.Key, reservation, context.TicketExpiresAt.UtcTicks);
    }

    private void Free(ulong callerId, in PolicyResult reservation, long expiresAt)
    {
        if (reservation.HasReservation)
        {
            _inProgress.Release(callerId, (ulong)reservation.ReservationValue, expiresAt, restoreBeforeWindow: false);
        }
    }
}
