using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics.Metrics;
using System.Threading;

namespace ChinaDial.Compliance;

/// <summary>
/// Sees carrier flagging coming: from the outcomes of placed calls it keeps, per caller ID, the answer rate (alone and
/// against the rest of the fleet), the short and very short call ratios, the distinct callees per hour, repeated calls
/// and the volume against the fleet average, and takes a caller ID out of rotation (quarantine,
/// <c>caller_id_quarantined</c>) for a cool-down when a signal crosses its critical level. Ratios (short calls, answer
/// rate against the fleet) are judged beyond chance: the bound of their three-standard-error (Wilson) interval nearest
/// to the level must reach it, so that a handful of calls does not quarantine a caller ID. Lock-free and
/// allocation-free per outcome once a caller ID has been seen.
/// </summary>
public sealed class CallerIdHealthMonitor : IPersonalDataStore
{
    private static readonly Counter<long> HealthChanges = ComplianceTelemetry.Meter.CreateCounter<long>(
        "chinadial.caller_id.health.changes", "{change}", "Caller IDs that started warning, were quarantined or came back, by state and signal.");

    private static readonly Counter<long> CalleeExposures = ComplianceTelemetry.Meter.CreateCounter<long>(
        "chinadial.callee.exposures", "{callee}", "Callees reaching the warning or critical count of distinct caller IDs in a day, by level.");

    private readonly ConcurrentDictionary<ulong, CallerIdHealthEntry> _entries = new();
    private readonly ConcurrentDictionary<ulong, ulong> _calleeExposure = new();
    private long _exposureDay = long.MinValue;
    private readonly CallerIdHealthOptions _options;
    private readonly long _shortCallTicks;
    private readonly long _veryShortCallTicks;
    private readonly OutcomeRing _fleet;
    private long _fleetActiveEpoch = long.MinValue;
    private int _fleetActiveCallerIds = 1;
    private Func<ulong, ulong>? _calleeKeys;

    /// <summary>Creates a monitor.</summary>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public CallerIdHealthMonitor(CallerIdHealthOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        options.Validate(errors, "CallerIdHealth");
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(Environment.NewLine, errors), nameof(options));
        }

        _options = options;
        _shortCallTicks = options.ShortCallThreshold.Ticks;
        _veryShortCallTicks = options.VeryShortCallThreshold.Ticks;
        _fleet = new OutcomeRing(options.Window);
    }

    /// <summary>Raised when a caller ID starts warning, is quarantined, or its quarantine ends (observed lazily).</summary>
    public event EventHandler<CallerIdHealthChange>? HealthChanged;

    /// <summary>Records the outcome of a placed call that ended at <paramref name="completedAt"/>; it is taken to have
    /// been placed <see cref="CallOutcome.Duration"/> before (the hour it counts in for distinct callees and repeated
    /// calls). The evaluator's tickets give the instant they were placed: see the overload.</summary>
    public void RecordOutcome(PhoneNumberInfo callerId, PhoneNumberInfo callee, CallOutcome outcome, DateTimeOffset completedAt)
        => RecordOutcome(callerId, callee, outcome, completedAt, Instants.FromUtcTicks(completedAt.UtcTicks - (outcome.Answered ? Math.Max(0, outcome.Duration.Ticks) : 0)));

    /// <summary>Records the outcome of a call placed at <paramref name="placedAt"/> that ended at
    /// <paramref name="completedAt"/>: the rates count it when it ended, distinct callees and repeated calls in the UTC
    /// hour it was placed (as a carrier sees a call: when it is set up). A <paramref name="placedAt"/> after
    /// <paramref name="completedAt"/> is taken as <paramref name="completedAt"/>.</summary>
    public void RecordOutcome(PhoneNumberInfo callerId, PhoneNumberInfo callee, CallOutcome outcome, DateTimeOffset completedAt, DateTimeOffset placedAt)
        => RecordOutcome(callerId, CalleeKey(callee), outcome, completedAt, placedAt);

    /// <summary>
    /// Counts callees by their <see cref="KeyedNumberHash"/> under <paramref name="secret"/> from now on, in
    /// <see cref="RecordOutcome(PhoneNumberInfo, PhoneNumberInfo, CallOutcome, DateTimeOffset)"/> and
    /// <see cref="CallerIdsToday"/>: a shared store (the Redis adapter) feeds every node's monitor with the outcomes of
    /// the whole fleet, whose callees it knows by that keyed hash only. Set before the first outcome: a callee counted
    /// before is counted again as a new one after.
    /// </summary>
    /// <param name="secret">The secret of the keyed hash (copied), the same on every node.</param>
    public void KeyCalleesWith(ReadOnlySpan<byte> secret)
    {
        var copy = secret.ToArray();
        _calleeKeys = number => KeyedNumberHash.Of(copy, number);
    }

    /// <summary>Records the outcome of a placed call whose callee is known by its key only (its
    /// <see cref="KeyedNumberHash"/> under the secret of <see cref="KeyCalleesWith"/>, as another node's monitor counted
    /// it), placed at <paramref name="placedAt"/>; otherwise as
    /// <see cref="RecordOutcome(PhoneNumberInfo, PhoneNumberInfo, CallOutcome, DateTimeOffset, DateTimeOffset)"/>.</summary>
    /// <param name="callerId">The caller ID the call was placed from.</param>
    /// <param name="callee">The callee's key.</param>
    /// <param name="outcome">How the call ended.</param>
    /// <param name="completedAt">When it ended.</param>
    /// <param name="placedAt">When it was placed.</param>
    public void RecordOutcome(PhoneNumberInfo callerId, ulong callee, CallOutcome outcome, DateTimeOffset completedAt, DateTimeOffset placedAt)
    {
        if (!callerId.IsParsed)
        {
            return;
        }

        var entry = _entries.TryGetValue(callerId.Key, out var existing) ? existing : _entries.GetOrAdd(callerId.Key, static (_, window) => new CallerIdHealthEntry(window), _options.Window);
        var ticks = completedAt.UtcTicks;
        var shortCall = outcome.Answered && outcome.Duration.Ticks < _shortCallTicks;
        var veryShortCall = outcome.Answered && outcome.Duration.Ticks < _veryShortCallTicks;
        var placedHour = Math.Min(placedAt.UtcTicks, ticks) / TimeSpan.TicksPerHour;
        entry.Outcomes.Record(ticks, outcome.Answered, shortCall, veryShortCall);
        entry.Callees.Record(placedHour, callee);
        _fleet.Record(ticks, outcome.Answered, shortCall, veryShortCall);
        RecordExposure(callee, callerId.Key, ticks);
        Judge(callerId, entry, ticks, completedAt, placedHour);
    }

    /// <summary>How many distinct caller IDs placed calls to <paramref name="callee"/> on the (UTC) day of
    /// <paramref name="at"/>: "many international numbers calling the same local number" is a carrier flagging signal;
    /// compare with <see cref="CallerIdHealthOptions.CallerIdsPerCalleePerDay"/>.</summary>
    public int CallerIdsToday(PhoneNumberInfo callee, DateTimeOffset at)
        => _calleeExposure.TryGetValue(CalleeKey(callee), out var state) ? CalleeExposure.Count(state, (int)(at.UtcTicks / TimeSpan.TicksPerDay)) : 0;

    /// <summary>Erases what the monitor keeps of <paramref name="number"/> as a callee: its count of caller IDs today
    /// (the per-hour callee counts are bitmaps of hashes, which hold no number).</summary>
    public System.Threading.Tasks.ValueTask ForgetAsync(PhoneNumberInfo number, CancellationToken cancellationToken)
    {
        if (number.IsParsed)
        {
            _calleeExposure.TryRemove(CalleeKey(number), out _);
        }

        return System.Threading.Tasks.ValueTask.CompletedTask;
    }

    /// <summary>Whether the monitor keeps anything of <paramref name="callee"/> (for tests of erasure).</summary>
    internal bool Holds(PhoneNumberInfo callee) => _calleeExposure.ContainsKey(CalleeKey(callee));

    private ulong CalleeKey(PhoneNumberInfo callee) => Volatile.Read(ref _calleeKeys) is { } key ? key(callee.Key) : callee.Key;

    /// <summary>The caller IDs quarantined at <paramref name="at"/>.</summary>
    public int QuarantinedCount(DateTimeOffset at)
    {
        var count = 0;
        foreach (var entry in _entries.Values)
        {
            count += Volatile.Read(ref entry.QuarantinedUntilTicks) > at.UtcTicks ? 1 : 0;
        }

        return count;
    }

    private void RecordExposure(ulong callee, ulong callerId, long ticks)
    {
        var day = ticks / TimeSpan.TicksPerDay;
        while (true)
        {
            if (!_calleeExposure.TryGetValue(callee, out var state))
            {
                if (_calleeExposure.TryAdd(callee, CalleeExposure.Record(0, (int)day, callerId)))
                {
                    break;
                }

                continue;
            }

            var next = CalleeExposure.Record(state, (int)day, callerId);
            if (_calleeExposure.TryUpdate(callee, next, state))
            {
                CountExposure(CalleeExposure.Count(state, (int)day), CalleeExposure.Count(next, (int)day));
                break;
            }
        }

        // On a new day, forget the callees of the days before, off the caller's thread.
        var seen = Volatile.Read(ref _exposureDay);
        if (day > seen && Interlocked.CompareExchange(ref _exposureDay, day, seen) == seen && seen != long.MinValue)
        {
            ThreadPool.UnsafeQueueUserWorkItem(static state => state.monitor.ForgetExposureBefore(state.day), (monitor: this, day: (int)day), preferLocal: false);
        }
    }

    /// <summary>Counts a callee whose distinct caller IDs today just reached the warning or the critical level.</summary>
    private void CountExposure(int before, int after)
    {
        var thresholds = _options.CallerIdsPerCalleePerDay;
        if (before < thresholds.Critical && after >= thresholds.Critical)
        {
            CalleeExposures.Add(1, new KeyValuePair<string, object?>("level", "critical"));
        }
        else if (before < thresholds.Warning && after >= thresholds.Warning)
        {
            CalleeExposures.Add(1, new KeyValuePair<string, object?>("level", "warning"));
        }
    }

    private void ForgetExposureBefore(int day)
    {
        foreach (var (callee, state) in _calleeExposure)
        {
            if (CalleeExposure.Count(state, day) == 0)
            {
                _calleeExposure.TryRemove(new KeyValuePair<ulong, ulong>(callee, state));
            }
        }
    }

    /// <summary>Whether <paramref name="callerId"/> is quarantined at <paramref name="at"/>, and until when. Asking
    /// changes nothing, whatever the instant: a quarantine ends for everyone only when the clock passes its end
    /// (<see cref="EndExpiredQuarantine"/>).</summary>
    public bool IsQuarantined(PhoneNumberInfo callerId, DateTimeOffset at, out DateTimeOffset until)
    {
        until = default;
        if (!_entries.TryGetValue(callerId.Key, out var entry))
        {
            return false;
        }

        var untilTicks = Volatile.Read(ref entry.QuarantinedUntilTicks);
        if (untilTicks == 0 || at.UtcTicks >= untilTicks)
        {
            return false;
        }

        until = Instants.FromUtcTicks(untilTicks);
        return true;
    }

    /// <summary>Whether <paramref name="callerId"/> is warning at <paramref name="at"/>: a signal was at its warning
    /// level less than a window ago. A pure query.</summary>
    internal bool IsWarning(PhoneNumberInfo callerId, DateTimeOffset at)
        => _entries.TryGetValue(callerId.Key, out var entry) && Volatile.Read(ref entry.WarningUntilTicks) > at.UtcTicks;

    /// <summary>Ends the quarantine of <paramref name="callerId"/> when its cool-down is over at
    /// <paramref name="now"/>, the evaluator's clock (never an instant a call asks for): raises
    /// <see cref="HealthChanged"/> with <see cref="CallerIdHealthState.Healthy"/> once.</summary>
    internal void EndExpiredQuarantine(PhoneNumberInfo callerId, DateTimeOffset now)
    {
        if (!_entries.TryGetValue(callerId.Key, out var entry))
        {
            return;
        }

        var untilTicks = Volatile.Read(ref entry.QuarantinedUntilTicks);
        if (untilTicks != 0 && now.UtcTicks >= untilTicks
            && Interlocked.CompareExchange(ref entry.QuarantinedUntilTicks, 0, untilTicks) == untilTicks)
        {
            HealthChanges.Add(1, new KeyValuePair<string, object?>("state", "healthy"));
            HealthChanged?.Invoke(this, new CallerIdHealthChange(callerId.ToE164String(), CallerIdHealthState.Healthy, null, 0, now));
        }
    }

    /// <summary>The health of <paramref name="callerId"/> at <paramref name="at"/>.</summary>
    public CallerIdHealthReport GetReport(PhoneNumberInfo callerId, DateTimeOffset at)
    {
        var ticks = at.UtcTicks;
        if (!_entries.TryGetValue(callerId.Key, out var entry))
        {
            return new CallerIdHealthReport(callerId.ToE164String(), CallerIdHealthState.Healthy, null, 0, null, null, 0, 0, 0, null, []);
        }

        var quarantined = IsQuarantined(callerId, at, out var until);
        var signals = Measure(entry, ticks, ticks / TimeSpan.TicksPerHour);
        var warnings = new List<CallerIdHealthSignal>();
        foreach (var signal in Enum.GetValues<CallerIdHealthSignal>())
        {
            if (Level(signal, signals) >= 1)
            {
                warnings.Add(signal);
            }
        }

        var warning = warnings.Count > 0 || Volatile.Read(ref entry.WarningUntilTicks) > ticks;
        var state = quarantined ? CallerIdHealthState.Quarantined : warning ? CallerIdHealthState.Warning : CallerIdHealthState.Healthy;
        double? trend = signals.Counts.RecentCalls > 0 && signals.Counts.Calls > 0
            ? ((double)signals.Counts.RecentAnswered / signals.Counts.RecentCalls) - ((double)signals.Counts.Answered / signals.Counts.Calls)
            : null;
        return new CallerIdHealthReport(
            callerId.ToE164String(),
            state,
            quarantined ? until : null,
            signals.Counts.Calls,
            signals.Counts.Calls > 0 ? (double)signals.Counts.Answered / signals.Counts.Calls : null,
            signals.Counts.Answered > 0 ? (double)signals.Counts.ShortCalls / signals.Counts.Answered : null,
            signals.DistinctCallees,
            signals.VolumeToFleetAverage,
            signals.RepeatedCallRatio,
            trend,
            warnings)
        {
            VeryShortCallRatio = signals.Counts.Answered > 0 ? (double)signals.Counts.VeryShortCalls / signals.Counts.Answered : null,
            AnswerRateToFleet = signals.Counts.Calls > 0 && RestRate(signals) is > 0 and var rest ? (double)signals.Counts.Answered / signals.Counts.Calls / rest : null,
        };
    }

    /// <summary>The health of every caller ID the monitor has seen.</summary>
    public IReadOnlyList<CallerIdHealthReport> GetReports(DateTimeOffset at)
    {
        var reports = new List<CallerIdHealthReport>(_entries.Count);
        foreach (var key in _entries.Keys)
        {
            reports.Add(GetReport(PhoneNumberClassifier.Classify("+" + key.ToString(System.Globalization.CultureInfo.InvariantCulture)), at));
        }

        return reports;
    }

    private void Judge(PhoneNumberInfo callerId, CallerIdHealthEntry entry, long ticks, DateTimeOffset at, long placedHour)
    {
        if (Volatile.Read(ref entry.QuarantinedUntilTicks) > ticks)
        {
            return;
        }

        var signals = Measure(entry, ticks, placedHour);
        var warnings = 0;
        for (var signal = CallerIdHealthSignal.AnswerRate; signal <= LastSignal; signal++)
        {
            var level = Level(signal, signals);
            if (level == 2)
            {
                var until = Instants.Add(ticks, _options.QuarantineCoolDown.Ticks);
                var previous = Volatile.Read(ref entry.QuarantinedUntilTicks);
                if (previous <= ticks && Interlocked.CompareExchange(ref entry.QuarantinedUntilTicks, until, previous) == previous)
                {
                    // Start afresh after the cool-down: the behaviour that caused the quarantine is not held against it
                    // twice, and a warning before it is part of it.
                    entry.Outcomes.Clear();
                    Volatile.Write(ref entry.WarningUntilTicks, 0);
                    HealthChanges.Add(1, new("state", "quarantined"), new("signal", SignalName(signal)));
                    HealthChanged?.Invoke(this, new CallerIdHealthChange(callerId.ToE164String(), CallerIdHealthState.Quarantined, signal, Value(signal, signals), at));
                }

                return;
            }

            if (level == 1)
            {
                warnings |= 1 << (int)signal;
            }
        }

        if (warnings == 0)
        {
            return;
        }

        // A warning holds for a whole window after the last time a signal was at its level, so a value hovering
        // around the level raises one event, not one per crossing.
        var before = Interlocked.Exchange(ref entry.WarningUntilTicks, Instants.Add(ticks, _options.Window.Ticks));
        if (before <= ticks)
        {
            var signal = (CallerIdHealthSignal)System.Numerics.BitOperations.TrailingZeroCount(warnings);
            HealthChanges.Add(1, new("state", "warning"), new("signal", SignalName(signal)));
            HealthChanged?.Invoke(this, new CallerIdHealthChange(callerId.ToE164String(), CallerIdHealthState.Warning, signal, Value(signal, signals), at));
        }
    }

    /// <summary>The signals of <paramref name="entry"/>: rates over the window ending at <paramref name="ticks"/>,
    /// distinct callees and repeated calls of the UTC hour <paramref name="hour"/>.</summary>
    private Signals Measure(CallerIdHealthEntry entry, long ticks, long hour)
    {
        var counts = entry.Outcomes.Sum(ticks, OutcomeRing.BucketCount / 4);
        var distinct = entry.Callees.Estimate(hour);
        var callsThisHour = entry.Callees.Calls(hour);
        var repeated = callsThisHour == 0 ? 0 : Math.Max(0, 1 - (distinct / callsThisHour));
        var fleet = _fleet.Sum(ticks);
        var average = (double)fleet.Calls / ActiveCallerIds(ticks);
        return new Signals(counts, distinct, average > 0 ? counts.Calls / average : 0, repeated, callsThisHour, fleet.Calls - counts.Calls, fleet.Answered - counts.Answered);
    }

    /// <summary>The answer rate of the rest of the fleet, or null when it placed fewer than MinimumCalls calls or had
    /// none answered (then there is nothing to judge a caller ID against).</summary>
    private double? RestRate(in Signals signals)
        => signals.RestCalls >= _options.MinimumCalls && signals.RestAnswered > 0 ? (double)signals.RestAnswered / signals.RestCalls : null;

    /// <summary>The number of caller IDs with calls in the window, recounted at most once per ring bucket (a scan of
    /// every caller ID); at least 1.</summary>
    private int ActiveCallerIds(long ticks)
    {
        var epoch = ticks / Math.Max(1, _options.Window.Ticks / OutcomeRing.BucketCount);
        var seen = Volatile.Read(ref _fleetActiveEpoch);
        if (seen != epoch && Interlocked.CompareExchange(ref _fleetActiveEpoch, epoch, seen) == seen)
        {
            var active = 0;
            foreach (var entry in _entries.Values)
            {
                active += entry.Outcomes.Sum(ticks).Calls > 0 ? 1 : 0;
            }

            Volatile.Write(ref _fleetActiveCallerIds, Math.Max(1, active));
        }

        return Volatile.Read(ref _fleetActiveCallerIds);
    }

    /// <summary>0 below warning, 1 at warning, 2 at critical.</summary>
    private int Level(CallerIdHealthSignal signal, in Signals signals)
    {
        var counts = signals.Counts;
        var judged = counts.Calls >= _options.MinimumCalls;
        return signal switch
        {
            CallerIdHealthSignal.AnswerRate when judged => LowIsBad(Value(signal, signals), _options.AnswerRate),
            CallerIdHealthSignal.AnswerRateToFleet when judged && RestRate(signals) is { } rest
                => LowIsBad(WilsonUpper(counts.Answered, counts.Calls) / rest, _options.AnswerRateToFleet),
            CallerIdHealthSignal.ShortCallRatio when judged && counts.Answered > 0 => HighIsBad(WilsonLower(counts.ShortCalls, counts.Answered), _options.ShortCallRatio),
            CallerIdHealthSignal.VeryShortCallRatio when judged && counts.Answered > 0 => HighIsBad(WilsonLower(counts.VeryShortCalls, counts.Answered), _options.VeryShortCallRatio),
            CallerIdHealthSignal.DistinctCalleesPerHour => HighIsBad(signals.DistinctCallees, _options.DistinctCalleesPerHour),
            CallerIdHealthSignal.VolumeToFleetAverage when judged => HighIsBad(signals.VolumeToFleetAverage, _options.VolumeToFleetAverage),
            CallerIdHealthSignal.RepeatedCallRatio when signals.CallsThisHour >= _options.MinimumCalls => HighIsBad(signals.RepeatedCallRatio, _options.RepeatedCallRatio),
            _ => 0,
        };
    }

    /// <summary>The signal's value as reported (the plain ratio; <see cref="Level"/> judges ratios by their bound).</summary>
    private double Value(CallerIdHealthSignal signal, in Signals signals) => signal switch
    {
        CallerIdHealthSignal.AnswerRate => signals.Counts.Calls == 0 ? 1 : (double)signals.Counts.Answered / signals.Counts.Calls,
        CallerIdHealthSignal.AnswerRateToFleet => signals.Counts.Calls == 0 || RestRate(signals) is not { } rest ? 1 : (double)signals.Counts.Answered / signals.Counts.Calls / rest,
        CallerIdHealthSignal.ShortCallRatio => signals.Counts.Answered == 0 ? 0 : (double)signals.Counts.ShortCalls / signals.Counts.Answered,
        CallerIdHealthSignal.VeryShortCallRatio => signals.Counts.Answered == 0 ? 0 : (double)signals.Counts.VeryShortCalls / signals.Counts.Answered,
        CallerIdHealthSignal.DistinctCalleesPerHour => signals.DistinctCallees,
        CallerIdHealthSignal.RepeatedCallRatio => signals.RepeatedCallRatio,
        _ => signals.VolumeToFleetAverage,
    };

    /// <summary>How many standard errors a ratio's bound lies from the ratio: 3 (a chance of about 1 in 740 that a
    /// caller ID whose true ratio is at the level is judged past it on one look).</summary>
    private const double Significance = 3;

    private const CallerIdHealthSignal LastSignal = CallerIdHealthSignal.AnswerRateToFleet;

    /// <summary>The upper bound of the Wilson score interval of <paramref name="hits"/> in <paramref name="trials"/>.</summary>
    internal static double WilsonUpper(int hits, int trials) => Wilson(hits, trials, Significance);

    /// <summary>The lower bound of the Wilson score interval of <paramref name="hits"/> in <paramref name="trials"/>.</summary>
    internal static double WilsonLower(int hits, int trials) => Wilson(hits, trials, -Significance);

    private static double Wilson(int hits, int trials, double z)
    {
        if (trials <= 0)
        {
            return z > 0 ? 1 : 0;
        }

        double n = trials, p = Math.Clamp((double)hits / trials, 0, 1), z2 = z * z;
        var centre = p + (z2 / (2 * n));
        var spread = z * Math.Sqrt((p * (1 - p) / n) + (z2 / (4 * n * n)));
        return Math.Clamp((centre + spread) / (1 + (z2 / n)), 0, 1);
    }

    private static string SignalName(CallerIdHealthSignal signal) => signal switch
    {
        CallerIdHealthSignal.AnswerRate => "answer_rate",
        CallerIdHealthSignal.ShortCallRatio => "short_call_ratio",
        CallerIdHealthSignal.DistinctCalleesPerHour => "distinct_callees_per_hour",
        CallerIdHealthSignal.VolumeToFleetAverage => "volume_to_fleet_average",
        CallerIdHealthSignal.RepeatedCallRatio => "repeated_call_ratio",
        CallerIdHealthSignal.VeryShortCallRatio => "very_short_call_ratio",
        _ => "answer_rate_to_fleet",
    };

    private static int LowIsBad(double value, HealthThresholds thresholds) => value <= thresholds.Critical ? 2 : value <= thresholds.Warning ? 1 : 0;

    private static int HighIsBad(double value, HealthThresholds thresholds) => value >= thresholds.Critical ? 2 : value >= thresholds.Warning ? 1 : 0;

    private readonly record struct Signals(OutcomeCounts Counts, double DistinctCallees, double VolumeToFleetAverage, double RepeatedCallRatio, int CallsThisHour, int RestCalls, int RestAnswered);
}
