using System;
using System.Collections.Generic;

namespace ChinaDial.Compliance;

/// <summary>
/// Picks the caller ID for a call from the approved pool: one that may call the destination for the purpose, is not
/// quarantined, and has rate budget now — or, when none has, the one with the earliest budget.
/// </summary>
/// <remarks>
/// Each callee has a home position in the pool (a hash of its number), so it keeps seeing the same caller ID while
/// that one is usable — callers recognise a stable number — and callees spread evenly over the pool. From the home
/// position the pool is probed in order, so the search stops at the first usable caller ID: constant time while most
/// of the pool has budget, the whole pool only when none has. When caller IDs are grouped by Amazon Connect instance
/// (<see cref="CallerIdOptions.ConnectInstances"/>), the pool interleaves the instances, so load spreads across them
/// and the selection names the instance to send through. Allocation-free.
/// </remarks>
public sealed class CallerIdSelector
{
    private readonly Candidate[] _pool;
    private readonly CallerIdHealthMonitor? _health;
    private readonly ICallerIdRateBudget? _budget;

    /// <summary>Creates a selector over the approved caller IDs of <paramref name="callerIds"/>.</summary>
    /// <param name="callerIds">The approved inventory (validated as for the caller-ID policy).</param>
    /// <param name="health">The health monitor whose quarantines are honoured; none when <see langword="null"/>.</param>
    /// <param name="budget">The rate limiter asked for budget; every caller ID has budget when <see langword="null"/>.</param>
    /// <exception cref="ArgumentException">The inventory is invalid.</exception>
    public CallerIdSelector(CallerIdOptions callerIds, CallerIdHealthMonitor? health = null, ICallerIdRateBudget? budget = null)
    {
        ArgumentNullException.ThrowIfNull(callerIds);
        var errors = new List<string>();
        callerIds.Validate(errors, "CallerIds");
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(Environment.NewLine, errors), nameof(callerIds));
        }

        var instanceOf = new Dictionary<ulong, string>();
        foreach (var (instance, numbers) in callerIds.ConnectInstances)
        {
            foreach (var number in numbers)
            {
                instanceOf[PhoneNumberClassifier.Classify(number).Key] = instance;
            }
        }

        // One queue of caller IDs per instance (those of no instance form their own), then interleaved round-robin,
        // so that probing from any position alternates between instances.
        var restrictions = CallerIdPolicy.DestinationRestrictions(callerIds);
        var queues = new Dictionary<string, Queue<Candidate>>(StringComparer.Ordinal);
        var seen = new HashSet<ulong>();
        foreach (var text in callerIds.Approved)
        {
            var number = PhoneNumberClassifier.Classify(text);
            if (seen.Add(number.Key))
            {
                var regions = restrictions.GetValueOrDefault(number.Key);
                var instance = instanceOf.GetValueOrDefault(number.Key);
                var queue = queues.TryGetValue(instance ?? string.Empty, out var existing) ? existing : queues[instance ?? string.Empty] = new Queue<Candidate>();
                queue.Enqueue(new Candidate(number, regions is null ? null : RegionTable.ToFlags(regions), instance));
            }
        }

        var pool = new List<Candidate>(seen.Count);
        while (pool.Count < seen.Count)
        {
            foreach (var queue in queues.Values)
            {
                if (queue.TryDequeue(out var candidate))
                {
                    pool.Add(candidate);
                }
            }
        }

        _pool = [.. pool];
        _health = health;
        _budget = budget;
    }

    /// <summary>How many caller IDs the pool holds.</summary>
    public int PoolSize => _pool.Length;

    /// <summary>Chooses the caller ID for a call to <paramref name="destination"/> at <paramref name="at"/>.</summary>
    public CallerIdSelection Select(PhoneNumberInfo destination, CallPurpose purpose, DateTimeOffset at)
    {
        if (_pool.Length == 0)
        {
            return new CallerIdSelection(PhoneNumberInfo.Unparsed, at);
        }

        var start = (int)(KeyMixer.Mix(destination.Key) % (ulong)_pool.Length);
        var best = -1;
        var bestAt = DateTimeOffset.MaxValue;
        for (var probe = 0; probe < _pool.Length; probe++)
        {
            var index = start + probe;
            if (index >= _pool.Length)
            {
                index -= _pool.Length;
            }

            ref readonly var candidate = ref _pool[index];
            if (!candidate.MayCall(destination, purpose) || (_health is not null && _health.IsQuarantined(candidate.Number, at, out _)))
            {
                continue;
            }

            var next = _budget?.NextAdmission(candidate.Number, at) ?? at;
            if (next <= at)
            {
                return new CallerIdSelection(candidate.Number, at, candidate.Instance);
            }

            if (next < bestAt)
            {
                (best, bestAt) = (index, next);
            }
        }

        return best < 0 ? new CallerIdSelection(PhoneNumberInfo.Unparsed, at) : new CallerIdSelection(_pool[best].Number, bestAt, _pool[best].Instance);
    }

    private readonly record struct Candidate(PhoneNumberInfo Number, bool[]? Regions, string? Instance)
    {
        public bool MayCall(PhoneNumberInfo destination, CallPurpose purpose)
        {
            if (Number.IsServiceShortCode && purpose == CallPurpose.Marketing)
            {
                return false;
            }

            if (Regions is null)
            {
                return true;
            }

            var region = destination.RegionIndex;
            return region >= 0 && Regions[region];
        }
    }
}
