using System;
using System.Collections.Generic;

namespace ChinaDial.Compliance;

/// <summary>
/// Picks the caller ID for a call from the approved pool: one that may call the destination for the purpose, is not
/// quarantined, has rate budget and a free place for a call in progress now and — with caller-ID pacing — headroom
/// under every paced signal's warning level;
/// the callee's caller ID of earlier today when it qualifies, else the healthiest of the first few that do. When none
/// qualifies now, the one that will first, with that instant as <see cref="CallerIdSelection.NotBefore"/>.
/// </summary>
/// <remarks>
/// <para>Each callee has a home position in the pool (a hash of its number), so callees spread evenly over the pool and
/// across Amazon Connect instances (<see cref="CallerIdOptions.ConnectInstances"/>: the pool interleaves the instances,
/// and the selection names the instance to send through). From the home position the pool is probed in order; among
/// the first <see cref="Choices"/> caller IDs that qualify now (among the first <see cref="ChoiceProbes"/> probed, once
/// one does) the healthiest is chosen: not warning on the health monitor first, then the least loaded (its paced signals
/// against their warning levels). The search stops there: constant time while some of the pool has headroom, the whole
/// pool only when none has.</para>
/// <para>A callee that already heard a caller ID today is called from it again while it qualifies (carriers flag
/// "calls from different international numbers to the same local number"); pacing then also keeps the number of
/// caller IDs a callee hears in a day under the warning level, which a deferral of the selection reports.</para>
/// <para>Pacing state is that of the evaluator's <c>caller-id-pacing</c> policy, so the selector paces only what the
/// evaluator records: create it with <see cref="CallerIdSelector(CallerIdOptions, OutboundCallEvaluator)"/>.
/// Allocation-free.</para>
/// </remarks>
public sealed class CallerIdSelector
{
    /// <summary>How many qualifying caller IDs are compared before choosing.</summary>
    internal const int Choices = 4;

    /// <summary>How many caller IDs are probed for <see cref="Choices"/> before the best found so far is taken.</summary>
    internal const int ChoiceProbes = 16;

    private readonly Candidate[] _pool;
    private readonly int[] _byPacerIndex;
    private readonly CallerIdHealthMonitor? _health;
    private readonly ICallerIdRateBudget? _budget;
    private readonly CallerIdPacer? _pacer;
    private readonly ConcurrencyPolicy? _concurrency;

    /// <summary>Creates a selector over the approved caller IDs of <paramref name="callerIds"/>, without pacing.</summary>
    /// <param name="callerIds">The approved inventory (validated as for the caller-ID policy).</param>
    /// <param name="health">The health monitor whose quarantines are honoured and whose warning caller IDs come last;
    /// none when <see langword="null"/>.</param>
    /// <param name="budget">The rate limiter asked for budget; every caller ID has budget when <see langword="null"/>.</param>
    /// <exception cref="ArgumentException">The inventory is invalid.</exception>
    public CallerIdSelector(CallerIdOptions callerIds, CallerIdHealthMonitor? health = null, ICallerIdRateBudget? budget = null)
        : this(callerIds, health, budget, pacer: null, concurrency: null)
    {
    }

    /// <summary>
    /// Creates a selector over the approved caller IDs of <paramref name="callerIds"/> that asks the policies of
    /// <paramref name="evaluator"/>: its caller-ID rate limit for budget (<see cref="ICallerIdRateBudget"/>), its
    /// caller-ID pacing for headroom, its concurrency cap for a free place (when a call in progress ends is unknown: a
    /// selection waiting for one names the earliest ticket expiry, and the dialer may try again as soon as one of its calls
    /// ends), and the health monitor of its <c>caller-id-health</c> policy for quarantines and warnings. (When that
    /// policy was replaced, as the Redis adapter does, give the selector the monitor: see
    /// <see cref="Create"/>.)
    /// </summary>
    /// <param name="callerIds">The approved inventory (validated as for the caller-ID policy).</param>
    /// <param name="evaluator">The evaluator the selected calls are judged by.</param>
    /// <exception cref="ArgumentException">The inventory is invalid.</exception>
    public CallerIdSelector(CallerIdOptions callerIds, OutboundCallEvaluator evaluator)
        : this(callerIds, Find<CallerIdQuarantinePolicy>(evaluator)?.Monitor, Find<ICallerIdRateBudget>(evaluator), Find<CallerIdPacingPolicy>(evaluator)?.Pacer, Find<ConcurrencyPolicy>(evaluator))
    {
    }

    /// <summary>Creates a selector that asks <paramref name="evaluator"/>'s policies as
    /// <see cref="CallerIdSelector(CallerIdOptions, OutboundCallEvaluator)"/> does, but <paramref name="health"/> for
    /// quarantines and warnings: for an evaluator whose <c>caller-id-health</c> policy was replaced (the Redis adapter's
    /// runs the node's monitor inside its own), or when the monitor is a service of its own (dependency injection).</summary>
    /// <param name="callerIds">The approved inventory (validated as for the caller-ID policy).</param>
    /// <param name="evaluator">The evaluator the selected calls are judged by.</param>
    /// <param name="health">The health monitor the evaluator's calls are recorded by; <see langword="null"/>: health is
    /// not considered.</param>
    /// <returns>The selector.</returns>
    /// <exception cref="ArgumentException">The inventory is invalid.</exception>
    public static CallerIdSelector Create(CallerIdOptions callerIds, OutboundCallEvaluator evaluator, CallerIdHealthMonitor? health)
        => new(callerIds, health, Find<ICallerIdRateBudget>(evaluator), Find<CallerIdPacingPolicy>(evaluator)?.Pacer, Find<ConcurrencyPolicy>(evaluator));

    private CallerIdSelector(CallerIdOptions callerIds, CallerIdHealthMonitor? health, ICallerIdRateBudget? budget, CallerIdPacer? pacer, ConcurrencyPolicy? concurrency)
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
                queue.Enqueue(new Candidate(number, regions is null ? null : RegionTable.ToFlags(regions), instance, pacer?.IndexOf(number) ?? -1));
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
        _byPacerIndex = new int[pacer?.PoolSize ?? 0];
        Array.Fill(_byPacerIndex, -1);
        for (var i = 0; i < _pool.Length; i++)
        {
            if (_pool[i].PacerIndex >= 0)
            {
                _byPacerIndex[_pool[i].PacerIndex] = i;
            }
        }

        _health = health;
        _budget = budget;
        _pacer = pacer;
        _concurrency = concurrency;
    }

    /// <summary>How many caller IDs the pool holds.</summary>
    public int PoolSize => _pool.Length;

    /// <summary>Whether selection paces (the evaluator has the <c>caller-id-pacing</c> policy).</summary>
    public bool Paces => _pacer is not null;

    /// <summary>Chooses the caller ID for a call to <paramref name="destination"/> at <paramref name="at"/>.</summary>
    public CallerIdSelection Select(PhoneNumberInfo destination, CallPurpose purpose, DateTimeOffset at)
    {
        if (_pool.Length == 0)
        {
            return new CallerIdSelection(PhoneNumberInfo.Unparsed, at);
        }

        var now = at.UtcTicks;
        Span<long> scratch = stackalloc long[_pacer?.ExposureSlotCount ?? 0];
        var day = _pacer?.ReadCallee(destination, now, scratch) ?? default;
        var best = -1;
        var bestScore = double.MaxValue;
        var earliest = -1;
        var earliestAt = long.MaxValue;
        var earliestPaced = false;

        // The caller ID the callee heard first today, while it qualifies.
        if (_pacer is not null && day.First >= 0 && _byPacerIndex[day.First] is var previous and >= 0)
        {
            var next = NextAdmission(previous, destination, purpose, day, scratch, now, long.MaxValue, out _, out var paced);
            if (next <= now)
            {
                return Chosen(previous, at);
            }

            (earliest, earliestAt, earliestPaced) = next < long.MaxValue ? (previous, next, paced) : (-1, long.MaxValue, false);
        }

        var start = (int)(KeyMixer.Mix(destination.Key) % (ulong)_pool.Length);
        var qualified = 0;
        for (var probe = 0; probe < _pool.Length && qualified < Choices && (qualified == 0 || probe < ChoiceProbes); probe++)
        {
            var index = start + probe;
            if (index >= _pool.Length)
            {
                index -= _pool.Length;
            }

            var next = NextAdmission(index, destination, purpose, day, scratch, now, earliestAt, out var score, out var paced);
            if (next <= now)
            {
                qualified++;
                if (score < bestScore)
                {
                    (best, bestScore) = (index, score);
                }
            }
            else if (next < earliestAt)
            {
                (earliest, earliestAt, earliestPaced) = (index, next, paced);
            }
        }

        if (best >= 0)
        {
            return Chosen(best, at);
        }

        return earliest < 0
            ? new CallerIdSelection(PhoneNumberInfo.Unparsed, at)
            : new CallerIdSelection(_pool[earliest].Number, Instants.FromUtcTicks(earliestAt), _pool[earliest].Instance) { Paced = earliestPaced };
    }

    private CallerIdSelection Chosen(int index, DateTimeOffset at) => new(_pool[index].Number, at, _pool[index].Instance);

    /// <summary>When candidate <paramref name="index"/> qualifies (<see cref="long.MaxValue"/>: never, it may not call or
    /// is quarantined), and its score: 1 when the health monitor has it warning, plus its pacing load. An instant at or
    /// after <paramref name="notAfter"/> (a candidate found earlier qualifies sooner) is returned as soon as it is known.</summary>
    private long NextAdmission(int index, PhoneNumberInfo destination, CallPurpose purpose, in CalleeDay day, ReadOnlySpan<long> scratch, long now, long notAfter, out double score, out bool paced)
    {
        score = 0;
        paced = false;
        ref readonly var candidate = ref _pool[index];
        var at = Instants.FromUtcTicks(now);
        if (!candidate.MayCall(destination, purpose) || (_health is not null && _health.IsQuarantined(candidate.Number, at, out _)))
        {
            return long.MaxValue;
        }

        var next = _budget is null ? now : Math.Max(now, _budget.NextAdmission(candidate.Number, at).UtcTicks);
        if (_concurrency is not null)
        {
            next = Math.Max(next, _concurrency.NextPlace(candidate.Number.Key, now));
        }

        if (next > now && next >= notAfter)
        {
            return next;
        }

        if (_pacer is not null && candidate.PacerIndex >= 0)
        {
            var pacing = _pacer.NextAdmission(candidate.PacerIndex, destination, day, scratch, now, notAfter, out _, out var load);
            paced = pacing > next;
            next = Math.Max(next, pacing);
            score = load;
        }

        if (_health is not null && _health.IsWarning(candidate.Number, at))
        {
            score += 1;
        }

        return next;
    }

    private static T? Find<T>(OutboundCallEvaluator evaluator)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(evaluator);
        foreach (var policy in evaluator.Policies)
        {
            if (policy is T found)
            {
                return found;
            }
        }

        return null;
    }

    private readonly record struct Candidate(PhoneNumberInfo Number, bool[]? Regions, string? Instance, int PacerIndex)
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
