using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace ChinaDial.Compliance.Cli.Commands.Plan;

/// <summary>What a simulated campaign did: the calls placed, the decisions by reason, the health monitor's changes and
/// the peaks of its signals, the rules the placed calls broke (checked independently of the SDK) and the pace.</summary>
internal sealed class SimulationResult(int poolSize, DialingStrategy strategy, ChinaDialComplianceOptions options, DateTimeOffset start, DateTimeOffset deadline)
{
    private readonly Dictionary<ReasonCode, long> _deferrals = [];
    private readonly Dictionary<ReasonCode, long> _denials = [];
    private readonly Dictionary<CallerIdHealthSignal, double> _peaks = [];

    public int PoolSize { get; } = poolSize;

    public DialingStrategy Strategy { get; } = strategy;

    public ChinaDialComplianceOptions Options { get; } = options;

    public DateTimeOffset Start { get; } = start;

    public DateTimeOffset Deadline { get; } = deadline;

    public List<PlacedCall> Placed { get; } = [];

    public List<CallerIdHealthChange> Changes { get; } = [];

    /// <summary>Times the selector named a later instant (no caller ID could take the call now).</summary>
    public long SelectorWaits { get; set; }

    /// <summary>Of <see cref="SelectorWaits"/>, those for pacing (every caller ID that could take the call was at a
    /// carrier signal's warning level): the SDK deferring instead of flagging.</summary>
    public long PacingWaits { get; set; }

    /// <summary>Calls no caller ID of the pool may ever place.</summary>
    public long Unplaceable { get; set; }

    /// <summary>Calls again after an unanswered call that fell due after the campaign's last calling day (not made).</summary>
    public long RetriesAfterDeadline { get; set; }

    /// <summary>Calls the evaluator denied that the dialer gave up.</summary>
    public long Dropped { get; set; }

    /// <summary>Evaluations.</summary>
    public long Decisions { get; private set; }

    /// <summary>Whether every call that fell due in the campaign was made by its deadline (every callee called, and called
    /// again when unanswered unless that fell due after the deadline) and every call ended.</summary>
    public bool Finished { get; private set; }

    /// <summary>When the dialer stopped (the last call ended, or it gave up).</summary>
    public DateTimeOffset End { get; private set; }

    public int Callees { get; private set; }

    /// <summary>Callees whose call was answered.</summary>
    public int Reached { get; private set; }

    /// <summary>Callees reached or called as often as the campaign allows.</summary>
    public int CalleesDone { get; private set; }

    /// <summary>The share of the campaign done: per callee 1 when reached, else its calls against the calls allowed.</summary>
    public double Progress { get; private set; }

    /// <summary>The share of the campaign's calling time (its windows from the start to the deadline) that passed before
    /// the last call ended.</summary>
    public double CallingTimeUsed { get; private set; }

    /// <summary>The rules the placed calls broke, by rule (checked from the placed calls alone).</summary>
    public SortedDictionary<string, long> Breaches { get; } = new(StringComparer.Ordinal);

    /// <summary>The most distinct caller IDs one callee heard in a UTC day.</summary>
    public int PeakCallerIdsPerCallee { get; private set; }

    /// <summary>The most distinct callees one caller ID called in a UTC hour (counted exactly).</summary>
    public int PeakExactCalleesPerHour { get; private set; }

    /// <summary>Calls per caller ID per hour, over the hours it called in: the mean and the most.</summary>
    public (double Mean, int Max) CallsPerCallerIdHour { get; private set; }

    public IReadOnlyDictionary<ReasonCode, long> Deferrals => _deferrals;

    public IReadOnlyDictionary<ReasonCode, long> Denials => _denials;

    public IReadOnlyDictionary<CallerIdHealthSignal, double> Peaks => _peaks;

    public int Quarantines => Changes.Count(c => c.State == CallerIdHealthState.Quarantined);

    public long TotalDeferrals => _deferrals.Values.Sum();

    public long TotalBreaches => Breaches.Values.Sum();

    /// <summary>The first and last call placed.</summary>
    public (DateTimeOffset First, DateTimeOffset Last)? Span => Placed.Count == 0 ? null : (new(Placed[0].Placed, TimeSpan.Zero), new(Placed[^1].Placed, TimeSpan.Zero));

    /// <summary>The worst level each signal reached: 2 quarantined on it, 1 warned on it, 0 neither.</summary>
    public int Level(CallerIdHealthSignal signal)
        => Changes.Where(c => c.Signal == signal).Select(c => c.State == CallerIdHealthState.Quarantined ? 2 : 1).DefaultIfEmpty(0).Max();

    internal void Count(in CallDecision decision)
    {
        Decisions++;
        var tally = decision.Verdict switch { CallVerdict.Defer => _deferrals, CallVerdict.Deny => _denials, _ => null };
        foreach (var reason in tally is null ? default : decision.Reasons)
        {
            tally![reason] = tally.GetValueOrDefault(reason) + 1;
        }
    }

    internal void Peak(CallerIdHealthSignal signal, double value)
    {
        var lowIsBad = signal is CallerIdHealthSignal.AnswerRate or CallerIdHealthSignal.AnswerRateToFleet;
        if (!_peaks.TryGetValue(signal, out var peak) || (lowIsBad ? value < peak : value > peak))
        {
            _peaks[signal] = value;
        }
    }

    /// <summary>Closes the run: checks the placed calls against the rules and measures the pace.</summary>
    internal void Finish(bool finished, DateTimeOffset end, int callees, int attempts, CallingWindowOptions window, int days)
    {
        Finished = finished;
        End = end;
        Callees = callees;
        var calls = new int[callees];
        var reached = new bool[callees];
        foreach (var call in Placed)
        {
            calls[call.Callee]++;
            reached[call.Callee] |= call.Answered;
        }

        var progress = 0.0;
        for (var i = 0; i < callees; i++)
        {
            Reached += reached[i] ? 1 : 0;
            CalleesDone += reached[i] || calls[i] >= attempts ? 1 : 0;
            progress += reached[i] ? 1 : Math.Min(1, (double)calls[i] / attempts);
        }

        Progress = callees == 0 ? 1 : progress / callees;
        var (used, available) = (0L, 0L);
        var length = (window.End - window.Start).Ticks;
        for (var day = 0; day < days; day++)
        {
            var opens = Start.UtcTicks + (day * TimeSpan.TicksPerDay);
            available += length;
            used += Math.Clamp(end.UtcTicks - opens, 0, length);
        }

        CallingTimeUsed = available == 0 ? 1 : (double)used / available;

        CheckRate();
        CheckCallingHours(window);
        CheckCaps("destination frequency per callee", Options.DestinationFrequency.Enabled ? Options.DestinationFrequency.PerDestination : [], p => p.Callee);
        CheckCaps("destination frequency per caller ID and callee", Options.DestinationFrequency.Enabled ? Options.DestinationFrequency.PerCallerIdAndDestination : [], p => ((long)p.CallerId << 32) | (uint)p.Callee);
        CheckConcurrency();

        PeakCallerIdsPerCallee = Placed.GroupBy(p => (p.Callee, Day: p.Placed / TimeSpan.TicksPerDay)).Select(g => g.Select(p => p.CallerId).Distinct().Count()).DefaultIfEmpty(0).Max();
        var hours = Placed.GroupBy(p => (p.CallerId, Hour: p.Placed / TimeSpan.TicksPerHour)).Select(g => (Calls: g.Count(), Callees: g.Select(p => p.Callee).Distinct().Count())).ToList();
        PeakExactCalleesPerHour = hours.Select(h => h.Callees).DefaultIfEmpty(0).Max();
        CallsPerCallerIdHour = hours.Count == 0 ? (0, 0) : (hours.Average(h => h.Calls), hours.Max(h => h.Calls));
    }

    private void Breach(string rule) => Breaches[rule] = Breaches.GetValueOrDefault(rule) + 1;

    /// <summary>No sliding window of the rate limit's length holds more than its limit of one caller ID's calls.</summary>
    private void CheckRate()
    {
        if (!Options.CallerIdRate.Enabled)
        {
            return;
        }

        var (limit, window) = (Options.CallerIdRate.Limit, Options.CallerIdRate.Window.Ticks);
        foreach (var calls in Placed.GroupBy(p => p.CallerId))
        {
            var instants = calls.Select(p => p.Placed).Order().ToArray();
            for (var i = limit; i < instants.Length; i++)
            {
                if (instants[i] - instants[i - limit] < window)
                {
                    Breach("caller-ID rate limit");
                }
            }
        }
    }

    /// <summary>Every call placed inside the calling window, in the callees' zone, on a calling day.</summary>
    private void CheckCallingHours(CallingWindowOptions window)
    {
        var hours = Options.CallingHours;
        if (!hours.Enabled)
        {
            return;
        }

        var zone = TimeZoneInfo.FindSystemTimeZoneById(hours.TimeZone);
        var restricted = hours.RestrictedDates.Select(d => DateOnly.ParseExact(d, "yyyy-MM-dd", CultureInfo.InvariantCulture)).ToHashSet();
        foreach (var call in Placed)
        {
            var local = TimeZoneInfo.ConvertTime(new DateTimeOffset(call.Placed, TimeSpan.Zero), zone);
            var time = local.TimeOfDay;
            if (time < window.Start || time >= window.End - hours.StopBeforeEnd || !window.Days.Contains(local.DayOfWeek) || restricted.Contains(DateOnly.FromDateTime(local.DateTime)))
            {
                Breach("calling hours");
            }
        }
    }

    /// <summary>No sliding window of a cap's length holds more than its limit of one key's calls.</summary>
    private void CheckCaps(string rule, IList<FrequencyCap> caps, Func<PlacedCall, long> key)
    {
        if (caps.Count == 0)
        {
            return;
        }

        foreach (var calls in Placed.GroupBy(key))
        {
            var instants = calls.Select(p => p.Placed).Order().ToArray();
            foreach (var cap in caps)
            {
                for (var i = cap.Limit; i < instants.Length; i++)
                {
                    if (instants[i] - instants[i - cap.Limit] < cap.Window.Ticks)
                    {
                        Breach(rule);
                    }
                }
            }
        }
    }

    /// <summary>No more calls in progress per caller ID than the cap, at any call's start.</summary>
    private void CheckConcurrency()
    {
        if (!Options.Concurrency.Enabled)
        {
            return;
        }

        var max = Options.Concurrency.MaxCallsInProgress;
        foreach (var calls in Placed.GroupBy(p => p.CallerId))
        {
            var ends = new PriorityQueue<long, long>();
            foreach (var call in calls.OrderBy(p => p.Placed))
            {
                while (ends.TryPeek(out _, out var ended) && ended <= call.Placed)
                {
                    ends.Dequeue();
                }

                ends.Enqueue(call.Ended, call.Ended);
                if (ends.Count > max)
                {
                    Breach("calls in progress");
                }
            }
        }
    }
}
