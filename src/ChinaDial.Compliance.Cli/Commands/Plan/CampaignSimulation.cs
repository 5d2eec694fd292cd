using System;
using System.Collections.Generic;
using System.Globalization;

namespace ChinaDial.Compliance.Cli.Commands.Plan;

/// <summary>
/// Runs a simulated campaign through the real evaluator (every policy the options configure, its health monitor and
/// caller-ID pacing) and, for <see cref="DialingStrategy.Selector"/>, the real <see cref="CallerIdSelector"/>, on a
/// virtual clock: a dialer that places every call as soon as the SDK lets it, completes each ticket when the simulated
/// call ends and calls unanswered callees again. What it placed is then checked against the rules by plain code of its
/// own (not the SDK's): the rate limit, the calling window, the attempt caps, calls in progress.
/// </summary>
internal static class CampaignSimulation
{
    /// <summary>Attempts the dialer finds blocked in a row before it waits for the first instant one of them may go
    /// (new callees all wait for the same pool, so trying more only spends time).</summary>
    private const int BlockedBeforeWaiting = 8;

    private static readonly TimeSpan SampleEvery = TimeSpan.FromMinutes(10);

    /// <summary>The caller IDs of a simulated pool of <paramref name="size"/> (+1 206 555 0000 on).</summary>
    public static string[] Pool(int size)
    {
        var pool = new string[size];
        for (var i = 0; i < size; i++)
        {
            pool[i] = string.Create(CultureInfo.InvariantCulture, $"+1206555{i:0000}");
        }

        return pool;
    }

    /// <summary>Simulates <paramref name="spec"/> with a pool of <paramref name="poolSize"/> caller IDs.</summary>
    /// <param name="spec">The campaign.</param>
    /// <param name="policy">Makes the options to run under (a new instance per call); the pool replaces its approved
    /// caller IDs (and their destination restrictions and Connect instances), the spec's window its window.</param>
    /// <param name="poolSize">Caller IDs in the pool.</param>
    /// <param name="strategy">How the dialer picks caller IDs.</param>
    /// <param name="clock">The virtual clock the evaluator reads.</param>
    /// <param name="moveClock">Moves <paramref name="clock"/> forward.</param>
    /// <param name="stopAt">When the dialer gives up; the end of the campaign's last calling day when null.</param>
    /// <param name="callees">The callees (made from the spec when null).</param>
    public static SimulationResult Run(CampaignSpec spec, Func<ChinaDialComplianceOptions> policy, int poolSize, DialingStrategy strategy, TimeProvider clock, Action<DateTimeOffset> moveClock, DateTimeOffset? stopAt = null, SimulatedCallees? callees = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(moveClock);
        var options = Options(policy(), spec, poolSize);
        callees ??= new SimulatedCallees(spec);
        var (start, deadline, window) = Calendar(options, spec);
        var stop = (stopAt ?? deadline).UtcTicks;

        var consents = new InMemoryConsentStore();
        if (options.Consent.RequiredFor.Contains(spec.Purpose))
        {
            var granted = start.AddDays(-1);
            foreach (var number in callees.Numbers)
            {
                consents.Grant(new ConsentRecord(number, spec.Purpose, granted, Proof: "simulated"));
            }
        }

        var monitor = new CallerIdHealthMonitor(options.CallerIdHealth);
        var result = new SimulationResult(poolSize, strategy, options, start, deadline);
        monitor.HealthChanged += (_, change) => result.Changes.Add(change);
        moveClock(start);
        var evaluator = options.CreateEvaluator(clock, healthMonitor: monitor, consentStore: consents);
        var selector = strategy == DialingStrategy.Selector ? new CallerIdSelector(options.CallerIds, evaluator) : null;
        ICallerIdRateBudget? budget = null;
        foreach (var each in evaluator.Policies)
        {
            budget ??= each as ICallerIdRateBudget;
        }

        var pool = Pool(poolSize);
        var poolInfo = Array.ConvertAll(pool, PhoneNumberClassifier.Classify);
        var poolIndex = new Dictionary<ulong, int>(poolSize);
        for (var i = 0; i < poolSize; i++)
        {
            poolIndex[poolInfo[i].Key] = i;
        }

        // Per callee, when its pending call fell due (the start, or an unanswered call's end plus RetryAfter).
        var attempts = new PriorityQueue<int, long>(spec.Callees);
        var fellDue = new long[spec.Callees];
        for (var i = 0; i < spec.Callees; i++)
        {
            attempts.Enqueue(i * 4, start.UtcTicks);
            fellDue[i] = start.UtcTicks;
        }

        var completions = new PriorityQueue<(CallTicket Ticket, int CallerId, int Attempt, bool Answered, TimeSpan Length), long>();
        var inProgress = new int[poolSize];
        var heard = new (long Day, int First, int Count)[spec.Callees];
        var exposureSlots = options.CallerIdPacing.Enabled ? (int)Math.Ceiling(options.CallerIdHealth.CallerIdsPerCalleePerDay.Warning) - 1 : int.MaxValue;
        var places = options.Concurrency.Enabled ? options.Concurrency.MaxCallsInProgress : int.MaxValue;
        var now = start.UtcTicks;
        var nextSample = now;

        // The dialer tries calls from `ready` on, each call when the SDK names (a call that must wait is tried again at
        // its NotBefore). When none of the pool may call now (a first call waits for the selector, or the calling window
        // is shut) it waits for that instant, after BlockedBeforeWaiting calls in a row that must wait for the first of
        // them; and it tries again as soon as a call of a caller ID that had no place left ends (the SDK cannot know when
        // a call will end: a wait for a place names the ticket's expiry).
        var (ready, blocked, wake, roundRobin) = (now, 0, long.MaxValue, 0);
        while (attempts.Count > 0 || completions.Count > 0)
        {
            var nextAttempt = attempts.TryPeek(out _, out var due) ? Math.Max(Math.Max(due, ready), now) : long.MaxValue;
            var nextCompletion = completions.TryPeek(out _, out var end) ? end : long.MaxValue;
            var next = Math.Min(nextAttempt, nextCompletion);
            if (next > stop)
            {
                break;
            }

            while (nextSample <= next)
            {
                Sample(result, monitor, Instant(Math.Max(nextSample, now)));
                nextSample += SampleEvery.Ticks;
            }

            now = next;
            moveClock(Instant(now));
            if (nextCompletion <= nextAttempt)
            {
                var (ticket, caller, attempt, answered, length) = completions.Dequeue();
                ticket.Complete(new CallOutcome(answered, answered ? length : TimeSpan.Zero, answered ? CallEndReason.Completed : CallEndReason.NoAnswer));
                if (inProgress[caller]-- == places)
                {
                    // A caller ID that had no place left has one: try again when it has rate budget too.
                    ready = Math.Min(ready, budget is null ? now : Math.Max(now, budget.NextAdmission(poolInfo[caller], Instant(now)).UtcTicks));
                }

                if (!answered && (attempt % 4) + 1 < spec.Attempts)
                {
                    attempts.Enqueue(attempt + 1, now + spec.RetryAfter.Ticks);
                    fellDue[attempt / 4] = now + spec.RetryAfter.Ticks;
                }

                continue;
            }

            var item = attempts.Dequeue();
            var (index, tries) = (item / 4, item % 4);
            PhoneNumberInfo callerId;
            if (selector is not null)
            {
                var selection = selector.Select(callees.Infos[index], spec.Purpose, Instant(now));
                if (!selection.Found)
                {
                    result.Unplaceable++;
                    continue;
                }

                if (selection.NotBefore.UtcTicks > now)
                {
                    result.SelectorWaits++;
                    result.PacingWaits += selection.Paced ? 1 : 0;
                    attempts.Enqueue(item, selection.NotBefore.UtcTicks);

                    // A callee that may still hear another caller ID today may be called from any: none of the pool may call
                    // now, so the dialer waits. (One that may not waits alone.)
                    Blocked(selection.NotBefore.UtcTicks, poolWide: heard[index].Day != now / TimeSpan.TicksPerDay || heard[index].Count < exposureSlots);
                    continue;
                }

                callerId = selection.CallerId;
            }
            else
            {
                callerId = poolInfo[roundRobin++ % poolSize];
            }

            var decision = evaluator.EvaluateAsync(new OutboundCall(pool[poolIndex[callerId.Key]], callees.Numbers[index], spec.Purpose)).AsTask().GetAwaiter().GetResult();
            result.Count(decision);
            if (decision.Ticket is { } placed)
            {
                (blocked, wake) = (0, long.MaxValue);
                var (answered, length) = callees.Outcome(index, tries);
                var ends = now + length.Ticks;
                var placedBy = poolIndex[callerId.Key];
                var today = now / TimeSpan.TicksPerDay;
                heard[index] = heard[index].Day != today ? (today, placedBy, 1) : heard[index].First == placedBy ? heard[index] : (today, heard[index].First, heard[index].Count + 1);
                completions.Enqueue((placed, placedBy, item, answered, length), ends);
                inProgress[placedBy]++;
                result.Placed.Add(new PlacedCall(placedBy, index, now, ends, answered));
                continue;
            }

            if (decision.Verdict == CallVerdict.Defer)
            {
                attempts.Enqueue(item, decision.NotBefore!.Value.UtcTicks);
                Blocked(decision.NotBefore!.Value.UtcTicks, poolWide: decision.Reasons.Contains(ReasonCode.OutsideCallingHours));
            }
            else if (decision.Reasons.Contains(ReasonCode.CallerIdQuarantined) && selector is null)
            {
                // The naive dialer tries the callee again a minute later, on the next caller ID of its rotation.
                attempts.Enqueue(item, now + TimeSpan.TicksPerMinute);
                Blocked(now + TimeSpan.TicksPerMinute, poolWide: false);
            }
            else
            {
                result.Dropped++;
            }
        }

        // Done when no call is in progress and every call left fell due after the deadline (a call again after an
        // unanswered one late on the last day cannot be made in the campaign; it is counted apart).
        var late = 0;
        var finished = completions.Count == 0;
        foreach (var (item, _) in attempts.UnorderedItems)
        {
            late += fellDue[item / 4] > deadline.UtcTicks ? 1 : 0;
            finished &= fellDue[item / 4] > deadline.UtcTicks;
        }

        result.RetriesAfterDeadline = late;
        result.Finish(finished, Instant(now), callees.Numbers.Length, spec.Attempts, window, spec.Days);
        return result;

        void Blocked(long until, bool poolWide)
        {
            wake = Math.Min(wake, until);
            if (!poolWide && ++blocked < BlockedBeforeWaiting)
            {
                return;
            }

            // Every call tried waits (or all of them must): so does the dialer, for the first of them, or until a caller ID
            // without a place left gets one back (a call of its ends).
            ready = poolWide ? until : wake;
            (blocked, wake) = (0, long.MaxValue);
        }
    }

    /// <summary>The options of a run: <paramref name="policy"/> with the simulated pool approved and the spec's window.</summary>
    internal static ChinaDialComplianceOptions Options(ChinaDialComplianceOptions policy, CampaignSpec spec, int poolSize)
    {
        policy.CallerIds.Approved = Pool(poolSize);
        policy.CallerIds.ApprovedDestinations.Clear();
        policy.CallerIds.ConnectInstances.Clear();
        if (spec.Window is { } window)
        {
            policy.CallingHours.Purposes[spec.Purpose] = new CallingWindowOptions { Start = window.Start, End = window.End }; // every day: the default
        }

        policy.ValidateOrThrow();
        return policy;
    }

    /// <summary>When the campaign starts (its first calling window opens), when it must be done (its last calling day's
    /// window closes), and the window.</summary>
    internal static (DateTimeOffset Start, DateTimeOffset Deadline, CallingWindowOptions Window) Calendar(ChinaDialComplianceOptions options, CampaignSpec spec)
    {
        var hours = options.CallingHours;
        var window = hours.Purposes.TryGetValue(spec.Purpose, out var own) ? own : new CallingWindowOptions { Start = hours.Start, End = hours.End, Days = hours.Days };
        var zone = TimeZoneInfo.FindSystemTimeZoneById(hours.TimeZone);
        DateTimeOffset At(DateOnly date, TimeSpan time)
        {
            var local = date.ToDateTime(TimeOnly.MinValue).Add(time);
            return new DateTimeOffset(local, zone.GetUtcOffset(local));
        }

        return (At(spec.StartDate, window.Start), At(spec.StartDate.AddDays(spec.Days - 1), window.End), window);
    }

    private static DateTimeOffset Instant(long ticks) => new(ticks, TimeSpan.Zero);

    private static void Sample(SimulationResult result, CallerIdHealthMonitor monitor, DateTimeOffset at)
    {
        var minimum = result.Options.CallerIdHealth.MinimumCalls;
        foreach (var report in monitor.GetReports(at))
        {
            result.Peak(CallerIdHealthSignal.DistinctCalleesPerHour, report.DistinctCalleesPerHour);
            if (report.Calls >= minimum)
            {
                result.Peak(CallerIdHealthSignal.VolumeToFleetAverage, report.VolumeToFleetAverage);
                result.Peak(CallerIdHealthSignal.RepeatedCallRatio, report.RepeatedCallRatio);
                result.Peak(CallerIdHealthSignal.AnswerRate, report.AnswerRate ?? 1);
                result.Peak(CallerIdHealthSignal.ShortCallRatio, report.ShortCallRatio ?? 0);
                result.Peak(CallerIdHealthSignal.VeryShortCallRatio, report.VeryShortCallRatio ?? 0);
                if (report.AnswerRateToFleet is { } toFleet)
                {
                    result.Peak(CallerIdHealthSignal.AnswerRateToFleet, toFleet);
                }
            }
        }
    }
}

/// <summary>One call the simulated dialer placed: caller ID and callee (indexes), placed and ended (UTC ticks).</summary>
internal readonly record struct PlacedCall(int CallerId, int Callee, long Placed, long Ended, bool Answered);
