using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace ChinaDial.Compliance;

/// <summary>
/// Defers a call with <c>caller_id_rate_limited</c> when its caller ID already placed <c>Limit</c> calls in the
/// last <c>Window</c>; <see cref="PolicyResult.NotBefore"/> is the first instant the same call would be admitted if
/// nothing else arrives. Reserves the slot while the call is judged; a call denied elsewhere or a cancelled ticket
/// gives it back. Lock-free and allocation-free per decision (see <see cref="SlidingLogTable"/> and
/// <see cref="PacedTable{TKey}"/>).
/// </summary>
internal sealed class CallerIdRatePolicy : IReservingCallPolicy, ICallerIdRateBudget
{
    private readonly SlidingLogTable? _log;
    private readonly PacedTable<ulong>? _paced;
    private readonly int _nearLimit;

    public CallerIdRatePolicy(CallerIdRateOptions options, AlertOptions? alerts = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        options.Validate(errors, "CallerIdRate");
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(Environment.NewLine, errors), nameof(options));
        }

        Limit = options.Limit;
        Window = options.Window;
        _nearLimit = (alerts ?? new AlertOptions()).Threshold(options.Limit);
        var window = options.Window.Ticks;
        if (options.Algorithm == CallerIdRateAlgorithm.Paced)
        {
            _paced = new PacedTable<ulong>(options.Limit, window, options.Burst, window);
        }
        else
        {
            _log = new SlidingLogTable([options.Limit], [window], window);
        }
    }

    public string Name => BuiltInPolicyNames.CallerIdRate;

    /// <summary>The configured limit.</summary>
    public int Limit { get; }

    /// <summary>The configured window.</summary>
    public TimeSpan Window { get; }

    /// <summary>The number of caller IDs with state.</summary>
    internal int TrackedKeys => _log?.Count ?? _paced!.Count;

    public ValueTask<PolicyResult> EvaluateAsync(CallContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!context.CallerId.IsParsed)
        {
            return new(PolicyResult.Allow()); // the caller-ID policy denies it
        }

        return new(Acquire(context.CallerId.Key, context.Instant.UtcTicks));
    }

    /// <summary>For a call refused elsewhere: the same objection, nothing claimed.</summary>
    public ValueTask<PolicyResult> CheckAsync(CallContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new(context.CallerId.IsParsed ? Check(context.CallerId.Key, context.Instant.UtcTicks) : PolicyResult.Allow());
    }

    /// <summary>The answer <see cref="Acquire"/> would give, without claiming (for a call already denied).</summary>
    internal PolicyResult Check(ulong callerId, long now)
    {
        var retryAt = RetryAt(callerId, now);
        return retryAt <= now ? PolicyResult.Allow() : PolicyResult.Defer(ReasonCode.CallerIdRateLimited, Instants.FromUtcTicks(retryAt));
    }

    /// <summary>The decision for one caller ID at one instant (UTC ticks), reserving the slot when allowed.</summary>
    internal PolicyResult Acquire(ulong callerId, long now)
    {
        if (_log is not null)
        {
            return _log.TryAcquire(callerId, now, now, out var slots, out var retryAt)
                ? PolicyResult.Allow(_log, (long)slots)
                : PolicyResult.Defer(ReasonCode.CallerIdRateLimited, Instants.FromUtcTicks(retryAt));
        }

        return _paced!.TryAcquire(callerId, now, out var cell, out var tat, out var earliest)
            ? PolicyResult.Allow(cell, tat)
            : PolicyResult.Defer(ReasonCode.CallerIdRateLimited, Instants.FromUtcTicks(earliest));
    }

    /// <summary>Allocation-free admission test for one caller ID at one instant (UTC ticks); nothing to release.</summary>
    internal bool TryAcquire(ulong callerId, long now, out long retryAt)
    {
        if (_log is not null)
        {
            return _log.TryAcquire(callerId, now, now, out _, out retryAt);
        }

        return _paced!.TryAcquire(callerId, now, out _, out _, out retryAt);
    }

    /// <summary>When a call for <paramref name="callerId"/> at <paramref name="now"/> would next be admitted (UTC ticks), without claiming.</summary>
    internal long RetryAt(ulong callerId, long now) => _log?.RetryAt(callerId, now) ?? _paced!.RetryAt(callerId, now);

    /// <inheritdoc />
    public DateTimeOffset NextAdmission(PhoneNumberInfo callerId, DateTimeOffset at)
    {
        var retryAt = RetryAt(callerId.Key, at.UtcTicks);
        return retryAt <= at.UtcTicks ? at : Instants.FromUtcTicks(retryAt);
    }

    /// <summary>Gives back a reservation made at <paramref name="now"/> (UTC ticks).</summary>
    internal void Release(ulong callerId, in PolicyResult reservation, long now)
    {
        switch (reservation.Reservation)
        {
            case SlidingLogTable when _log is not null:
                _log.Release(callerId, (ulong)reservation.ReservationValue, now, restoreBeforeWindow: true);
                break;
            case PacedTable<ulong>.Cell cell when _paced is not null:
                _paced.Release(cell, reservation.ReservationValue);
                break;
        }
    }

    /// <summary>Evicts idle caller IDs as of <paramref name="now"/> (UTC ticks).</summary>
    internal void Sweep(long now)
    {
        _log?.Sweep(now);
        _paced?.Sweep(now);
    }

    public void Commit(CallContext context, in PolicyResult reservation)
    {
        // The slot was claimed during evaluation; only the alert is left: the caller ID's calls now in its window.
        if (_log is not null && NearLimitTelemetry.NearLimit.Enabled && context.CallerId.IsParsed
            && _log.CountAfter(context.CallerId.Key, 0, context.Instant.UtcTicks - _log.WindowOf(0)) >= _nearLimit)
        {
            NearLimitTelemetry.Record(NearLimitTelemetry.CallerIdRate);
        }
    }

    public void Release(CallContext context, in PolicyResult reservation)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.CallerId.IsParsed)
        {
            Release(context.CallerId.Key, reservation, context.Instant.UtcTicks);
        }
    }

    public void Complete(CallContext context, in PolicyResult reservation, CallOutcome outcome, DateTimeOffset completedAt)
    {
        // A placed call counts against the rate whatever its outcome.
    }
}
