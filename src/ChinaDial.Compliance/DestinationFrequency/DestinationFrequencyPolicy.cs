using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace ChinaDial.Compliance;

/// <summary>
/// Defers a call with <c>destination_frequency_exceeded</c> when its callee, or its caller-ID/callee pair, reached a
/// cap in one of its windows; <see cref="PolicyResult.NotBefore"/> is the first instant every cap admits the call
/// again if nothing else arrives. Built on <see cref="SlidingLogTable"/> (one group of slots per window).
/// </summary>
internal sealed class DestinationFrequencyPolicy : IReservingCallPolicy, IPersonalDataStore
{
    /// <summary>At most this many windows per key kind (the reservation packs 4 x 8 bits per table).</summary>
    internal const int MaxCaps = 4;

    /// <summary>The most caller IDs remembered for erasing a callee's pairs (caller IDs are an inventory: few).</summary>
    private const int RememberedCallerIds = 65_536;

    private readonly SlidingLogTable? _callees;
    private readonly SlidingLogTable? _pairs;
    private readonly ConcurrentDictionary<ulong, byte> _pairCallerIds = new();
    private readonly AlertOptions _alerts;

    public DestinationFrequencyPolicy(DestinationFrequencyOptions options, AlertOptions? alerts = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        options.Validate(errors, "DestinationFrequency");
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(Environment.NewLine, errors), nameof(options));
        }

        _alerts = alerts ?? new AlertOptions();
        if (options.PerDestination.Count > 0)
        {
            _callees = CreateTable(options.PerDestination);
        }

        if (options.PerCallerIdAndDestination.Count > 0)
        {
            _pairs = CreateTable(options.PerCallerIdAndDestination);
        }
    }

    public string Name => BuiltInPolicyNames.DestinationFrequency;

    /// <summary>The number of callees with state.</summary>
    internal int TrackedDestinations => _callees?.Count ?? 0;

    /// <summary>The number of caller-ID/callee pairs with state.</summary>
    internal int TrackedPairs => _pairs?.Count ?? 0;

    public ValueTask<PolicyResult> EvaluateAsync(CallContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!context.Destination.IsParsed)
        {
            return new(PolicyResult.Allow()); // the destination policy denies it
        }

        var callerId = context.CallerId.IsParsed ? context.CallerId.Key : 0;
        return new(Acquire(callerId, context.Destination.Key, context.Instant.UtcTicks));
    }

    /// <summary>For a call refused elsewhere: the same objections, nothing claimed and no state created.</summary>
    public ValueTask<PolicyResult> CheckAsync(CallContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!context.Destination.IsParsed)
        {
            return new(PolicyResult.Allow());
        }

        return new(Check(context.CallerId.IsParsed ? context.CallerId.Key : 0, context.Destination.Key, context.Instant.UtcTicks));
    }

    /// <summary>The answer <see cref="Acquire"/> would give, without claiming (for a call already denied): no state
    /// is created for a callee that has none.</summary>
    internal PolicyResult Check(ulong callerId, ulong destination, long now)
    {
        var calleeRetry = _callees?.RetryAt(destination, now) ?? now;
        var pairRetry = _pairs is null || callerId == 0 ? now : _pairs.RetryAt(PairKey(callerId, destination), now);
        if (calleeRetry <= now && pairRetry <= now)
        {
            return PolicyResult.Allow();
        }

        return PolicyResult.Defer(ReasonCode.DestinationFrequencyExceeded, Instants.FromUtcTicks(Math.Max(calleeRetry, pairRetry)));
    }

    /// <summary>The decision for one caller ID (0: unknown, no pair cap) and callee at one instant (UTC ticks).</summary>
    internal PolicyResult Acquire(ulong callerId, ulong destination, long now)
    {
        ulong calleeSlots = 0;
        if (_callees is not null && !_callees.TryAcquire(destination, now, now, out calleeSlots, out var calleeRetry))
        {
            var retryAt = _pairs is null || callerId == 0 ? calleeRetry : Math.Max(calleeRetry, _pairs.RetryAt(PairKey(callerId, destination), now));
            return PolicyResult.Defer(ReasonCode.DestinationFrequencyExceeded, Instants.FromUtcTicks(retryAt));
        }

        if (_pairs is null || callerId == 0)
        {
            return _callees is null ? PolicyResult.Allow() : PolicyResult.Allow(_callees, (long)calleeSlots);
        }

        if (!_pairCallerIds.ContainsKey(callerId) && _pairCallerIds.Count < RememberedCallerIds)
        {
            _pairCallerIds.TryAdd(callerId, 0);
        }

        if (!_pairs.TryAcquire(PairKey(callerId, destination), now, now, out var pairSlots, out var pairRetry))
        {
            _callees?.Release(destination, calleeSlots, now, restoreBeforeWindow: true);
            return PolicyResult.Defer(ReasonCode.DestinationFrequencyExceeded, Instants.FromUtcTicks(pairRetry));
        }

        // One reservation: callee slots in the low half, pair slots in the high half (4 groups x 8 bits each).
        return PolicyResult.Allow(_pairs, (long)(calleeSlots | (pairSlots << 32)));
    }

    public void Commit(CallContext context, in PolicyResult reservation)
    {
        // The slots were claimed during evaluation; only the alert is left: the callee's attempts in each window.
        if (!NearLimitTelemetry.NearLimit.Enabled || _callees is null || !context.Destination.IsParsed)
        {
            return;
        }

        var now = context.Instant.UtcTicks;
        for (var g = 0; g < _callees.GroupCount; g++)
        {
            if (_callees.CountAfter(context.Destination.Key, g, now - _callees.WindowOf(g)) >= _alerts.Threshold(_callees.LimitOf(g)))
            {
                NearLimitTelemetry.Record(NearLimitTelemetry.DestinationFrequency);
                return;
            }
        }
    }

    public void Release(CallContext context, in PolicyResult reservation)
    {
        ArgumentNullException.ThrowIfNull(context);
        Release(context.CallerId.IsParsed ? context.CallerId.Key : 0, context.Destination.Key, reservation, context.Instant.UtcTicks);
    }

    public void Complete(CallContext context, in PolicyResult reservation, CallOutcome outcome, DateTimeOffset completedAt)
    {
        // A placed call is an attempt whatever its outcome.
    }

    /// <summary>Gives back a reservation made at <paramref name="now"/> (UTC ticks).</summary>
    internal void Release(ulong callerId, ulong destination, in PolicyResult reservation, long now)
    {
        if (!reservation.HasReservation)
        {
            return;
        }

        var value = (ulong)reservation.ReservationValue;
        _callees?.Release(destination, value & 0xFFFF_FFFF, now, restoreBeforeWindow: true);
        if (_pairs is not null && callerId != 0)
        {
            _pairs.Release(PairKey(callerId, destination), value >> 32, now, restoreBeforeWindow: true);
        }
    }

    /// <summary>Erases the callee's history: its attempts, and those of every pair of it with a caller ID that placed
    /// calls through this policy (up to 65,536 caller IDs; others' pairs leave with their window).</summary>
    public ValueTask ForgetAsync(PhoneNumberInfo number, CancellationToken cancellationToken)
    {
        if (!number.IsParsed)
        {
            return ValueTask.CompletedTask;
        }

        _callees?.Forget(number.Key);
        if (_pairs is not null)
        {
            foreach (var callerId in _pairCallerIds.Keys)
            {
                _pairs.Forget(PairKey(callerId, number.Key));
            }
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>Whether anything is held about <paramref name="callee"/> as called from <paramref name="callerIds"/>
    /// (for tests of erasure).</summary>
    internal bool Holds(ulong callee, IEnumerable<ulong> callerIds)
        => _callees?.Contains(callee) == true || (_pairs is not null && System.Linq.Enumerable.Any(callerIds, c => _pairs.Contains(PairKey(c, callee))));

    /// <summary>
    /// One 64-bit key per caller-ID/callee pair (the caller ID mixed, then the callee folded in): distinct for the
    /// callees of one caller ID; two pairs of different caller IDs meet with probability 2^-64, and then share a cap
    /// (stricter, never looser).
    /// </summary>
    private static ulong PairKey(ulong callerId, ulong destination) => KeyMixer.Mix(callerId) ^ destination;

    /// <summary>Evicts idle state as of <paramref name="now"/> (UTC ticks).</summary>
    internal void Sweep(long now)
    {
        _callees?.Sweep(now);
        _pairs?.Sweep(now);
    }

    private static SlidingLogTable CreateTable(IList<FrequencyCap> caps)
    {
        var limits = new int[caps.Count];
        var windows = new long[caps.Count];
        var longest = 0L;
        for (var i = 0; i < caps.Count; i++)
        {
            limits[i] = caps[i].Limit;
            windows[i] = caps[i].Window.Ticks;
            longest = Math.Max(longest, windows[i]);
        }

        return new SlidingLogTable(limits, windows, Math.Max(longest / 4, TimeSpan.TicksPerMinute));
    }
}
