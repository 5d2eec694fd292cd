using FsCheck;
using FsCheck.Fluent;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;

namespace ChinaDial.Compliance.Tests.Evaluation;

/// <summary>
/// An adversary drives a full evaluator on a fake clock: it picks the limits, where the clock starts (including the
/// ends of time), how it moves, which caller IDs call which callees, the <see cref="OutboundCall.RequestedAt"/> of
/// every call (none, past, within the skew tolerance, near future, within the horizon, beyond it, the extremes), and
/// which tickets are completed, cancelled or left to expire. Whatever it does, no call is placeable in breach of a
/// rule. A call is placeable at the later of its evaluation instant and its <see cref="CallDecision.NotBefore"/>; only
/// allowed calls are placed, and an allowed call has no NotBefore, so it is placed at its evaluation instant.
/// </summary>
public class AdversarialTimePropertyTests(ITestOutputHelper output)
{
    private const int Cases = 10_000;

    private static readonly string[] CallerIds = ["+12065550100", "+12065550101", "+12065550102"];
    private static readonly string[] Callees = ["+8613800138000", "+8613900139000", "+8618612345678", "+8613512345678"];
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    /// <summary>Where the clock starts: today at 09:00 and 20:55 in Shanghai, the first morning of time, the last week
    /// of time, and the last morning before 1970.</summary>
    private static readonly DateTimeOffset[] Starts =
    [
        new(2026, 11, 23, 1, 0, 0, TimeSpan.Zero),
        new(2026, 11, 23, 12, 55, 0, TimeSpan.Zero),
        new(1, 1, 1, 1, 0, 0, TimeSpan.Zero),
        new(9999, 12, 24, 1, 0, 0, TimeSpan.Zero),
        new(1969, 12, 31, 1, 0, 0, TimeSpan.Zero),
    ];

    private static readonly TimeSpan[] Steps =
    [
        TimeSpan.Zero, TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(1),
        TimeSpan.FromSeconds(7), TimeSpan.FromSeconds(13), TimeSpan.FromSeconds(59), TimeSpan.FromSeconds(61),
        TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(17), TimeSpan.FromHours(1), TimeSpan.FromHours(3),
        TimeSpan.FromHours(11), TimeSpan.FromDays(1), TimeSpan.FromDays(3),
    ];

    private static readonly TimeSpan[] Windows = [TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5)];

    [Fact]
    public void No_requested_instant_clock_or_ticket_order_lets_a_placeable_call_break_a_limit_or_calling_hours()
    {
        var stats = new Stats();
        var scenarios =
            from config in Gen.Choose(0, int.MaxValue)
            from start in Gen.Choose(0, Starts.Length - 1)
            from length in Gen.Choose(10, 160)
            from ops in Gen.Choose(0, int.MaxValue).ArrayOf(length)
            select (config, start, ops);

        var property = Prop.ForAll(scenarios.ToArbitrary(), scenario => Run(scenario.config, Starts[scenario.start], scenario.ops, stats));
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(Cases), property);

        output.WriteLine($"{stats.Cases} cases, {stats.Evaluations} evaluations: {stats.Allowed} allowed, {stats.Previews} previews (not_yet_due), {stats.OutOfRange} beyond the horizon.");
        output.WriteLine($"Worst sliding window: {stats.WorstRateCount} calls of one caller ID against a limit of {stats.WorstRateLimit} (highest count / limit: {stats.WorstRateRatio:0.00}); at limit 5 the worst window held {stats.WorstAtFive}.");
        Assert.True(stats.WorstRateRatio <= 1.0);
        Assert.True(stats.Previews > 0 && stats.OutOfRange > 0 && stats.Allowed > 0, "the adversary reached every kind of request");
    }

    private static bool Run(int config, DateTimeOffset start, int[] ops, Stats stats)
    {
        var limit = 1 + (config % 5);
        var window = Windows[(config / 5) % Windows.Length];
        var concurrency = ((config / 15) % 4) switch { 3 => 10, var c => 1 + c };
        var calleeCap = new FrequencyCap(1 + ((config / 60) % 3), TimeSpan.FromHours(1));
        var pairCap = new FrequencyCap(1 + ((config / 180) % 2), TimeSpan.FromMinutes(10));
        var options = new ChinaDialComplianceOptions
        {
            CallerIds = { Approved = [.. CallerIds] },
            CallerIdRate = { Limit = limit, Window = window, Algorithm = (config / 360) % 2 == 0 ? CallerIdRateAlgorithm.SlidingLog : CallerIdRateAlgorithm.Paced },
            Concurrency = { MaxCallsInProgress = concurrency },
            DestinationFrequency = { PerDestination = [calleeCap, new FrequencyCap(3, TimeSpan.FromDays(1))], PerCallerIdAndDestination = [pairCap] },
        };
        var clock = new FakeTimeProvider(start);
        var evaluator = options.CreateEvaluator(clock);
        var horizon = options.Evaluator.SchedulingHorizon;
        var placed = new List<Placed>();
        var open = new List<Placed>();
        foreach (var op in ops)
        {
            var now = clock.GetUtcNow();
            switch (op & 7)
            {
                case 0 or 1:
                    var step = Steps[((op >> 3) & 1) == 0 ? (op >> 4) % 6 : (op >> 4) % Steps.Length]; // half of the steps within 13 s
                    var next = Instants.Add(now, step);
                    if (next > now)
                    {
                        clock.SetUtcNow(next);
                    }

                    break;
                case 6 or 7 when open.Count > 0:
                    var ticket = open[(op >> 3) % open.Count];
                    open.Remove(ticket);
                    if ((op & 7) == 6 && ticket.Ticket.Complete(new CallOutcome(((op >> 10) & 1) == 1, TimeSpan.FromSeconds((op >> 11) % 600))))
                    {
                        ticket.EndedAt = now;
                    }
                    else if ((op & 7) == 7 && ticket.Ticket.Cancel())
                    {
                        ticket.Cancelled = true;
                    }

                    break;
                case 6 or 7:
                    break;
                default:
                    var requested = Requested(op, now, horizon);
                    var call = new OutboundCall(CallerIds[(op >> 3) % CallerIds.Length], Callees[(op >> 5) % Callees.Length], ((op >> 7) & 1) == 0 ? CallPurpose.Service : CallPurpose.Callback)
                    {
                        RequestedAt = requested,
                    };
                    var decision = evaluator.EvaluateAsync(call).AsTask().GetAwaiter().GetResult();
                    stats.Evaluations++;
                    if (!Coherent(decision, now, requested, horizon, options.Evaluator.ClockSkewTolerance, stats))
                    {
                        return false;
                    }

                    if (decision.IsAllowed)
                    {
                        var entry = new Placed(call.CallerId!, call.Destination!, now, decision.Ticket!);
                        placed.Add(entry);
                        open.Add(entry);
                        stats.Allowed++;
                    }

                    break;
            }
        }

        stats.Cases++;
        return Holds(placed, options, stats);
    }

    private static DateTimeOffset? Requested(int op, DateTimeOffset now, TimeSpan horizon)
    {
        var amount = Steps[(op >> 12) % Steps.Length];
        return ((op >> 8) % 9) switch
        {
            0 => null,
            1 => Instants.Add(now, -amount),
            2 => Instants.Add(now, TimeSpan.FromTicks(amount.Ticks % TimeSpan.TicksPerSecond)),
            3 => Instants.Add(now, amount),
            4 => Instants.Add(now, TimeSpan.FromTicks(amount.Ticks % horizon.Ticks)),
            5 => Instants.Add(now, horizon + amount + TimeSpan.FromTicks(1)),
            6 => DateTimeOffset.MinValue,
            7 => DateTimeOffset.MaxValue,
            _ => Instants.Add(now, TimeSpan.FromSeconds(1)),
        };
    }

    /// <summary>Each decision on its own: never placeable before the instant it asked for, a reason for every
    /// refusal, a ticket exactly for an allow, and the horizon and skew as documented.</summary>
    private static bool Coherent(CallDecision decision, DateTimeOffset now, DateTimeOffset? requested, TimeSpan horizon, TimeSpan skew, Stats stats)
    {
        if (decision.IsAllowed != (decision.Ticket is not null) || (decision.IsAllowed && decision.NotBefore is not null))
        {
            return false;
        }

        if (!decision.IsAllowed && decision.Reasons.IsEmpty)
        {
            return false;
        }

        if (decision.Verdict == CallVerdict.Defer && (decision.NotBefore is not { } notBefore || notBefore < now))
        {
            return false;
        }

        var ahead = requested is { } r ? r - now : TimeSpan.Zero;
        if (ahead > horizon)
        {
            stats.OutOfRange++;
            return decision.Verdict == CallVerdict.Deny && decision.Reasons == ReasonCodeSet.Of(ReasonCode.RequestedTimeOutOfRange);
        }

        if (ahead > skew)
        {
            stats.Previews++;
            return !decision.IsAllowed && (decision.Verdict == CallVerdict.Deny || (decision.Reasons.Contains(ReasonCode.NotYetDue) && decision.NotBefore >= requested));
        }

        return !decision.Reasons.Contains(ReasonCode.NotYetDue) && !decision.Reasons.Contains(ReasonCode.RequestedTimeOutOfRange);
    }

    /// <summary>Every rule over every placed call: caller-ID rate, callee and pair caps, calls in progress, calling hours.</summary>
    private static bool Holds(List<Placed> placed, ChinaDialComplianceOptions options, Stats stats)
    {
        var kept = placed.Where(p => !p.Cancelled).ToList();
        foreach (var byCaller in kept.GroupBy(p => p.CallerId))
        {
            var instants = byCaller.Select(p => p.At.UtcTicks).Order().ToArray();
            var worst = WorstWindow(instants, options.CallerIdRate.Window.Ticks);
            stats.Record(worst, options.CallerIdRate.Limit);
            if (worst > options.CallerIdRate.Limit)
            {
                return false;
            }

            var intervals = byCaller.Select(p => (Start: p.At, End: p.EndedAt ?? p.Ticket.ExpiresAt)).ToArray();
            if (intervals.Any(i => intervals.Count(j => j.Start <= i.Start && i.Start < j.End) > options.Concurrency.MaxCallsInProgress))
            {
                return false;
            }
        }

        foreach (var cap in options.DestinationFrequency.PerDestination)
        {
            if (kept.GroupBy(p => p.Callee).Any(g => WorstWindow([.. g.Select(p => p.At.UtcTicks).Order()], cap.Window.Ticks) > cap.Limit))
            {
                return false;
            }
        }

        foreach (var cap in options.DestinationFrequency.PerCallerIdAndDestination)
        {
            if (kept.GroupBy(p => (p.CallerId, p.Callee)).Any(g => WorstWindow([.. g.Select(p => p.At.UtcTicks).Order()], cap.Window.Ticks) > cap.Limit))
            {
                return false;
            }
        }

        return kept.All(p => InsideCallingHours(p.At));
    }

    /// <summary>The most instants in any half-open window of length <paramref name="window"/> (instants sorted).</summary>
    private static int WorstWindow(long[] instants, long window)
    {
        var worst = 0;
        for (int first = 0, last = 0; last < instants.Length; last++)
        {
            while (instants[last] - instants[first] >= window)
            {
                first++;
            }

            worst = Math.Max(worst, last - first + 1);
        }

        return worst;
    }

    private static bool InsideCallingHours(DateTimeOffset at)
    {
        DateTime local;
        try
        {
            local = TimeZoneInfo.ConvertTime(at, Shanghai).DateTime;
        }
        catch (ArgumentOutOfRangeException)
        {
            return false; // a local time that cannot be told cannot be shown inside the window
        }

        return local.TimeOfDay >= TimeSpan.FromHours(9) && local.TimeOfDay < TimeSpan.FromHours(21);
    }

    private sealed class Placed(string callerId, string callee, DateTimeOffset at, CallTicket ticket)
    {
        public string CallerId { get; } = callerId;

        public string Callee { get; } = callee;

        public DateTimeOffset At { get; } = at;

        public CallTicket Ticket { get; } = ticket;

        public DateTimeOffset? EndedAt { get; set; }

        public bool Cancelled { get; set; }
    }

    private sealed class Stats
    {
        public int Cases { get; set; }

        public long Evaluations { get; set; }

        public long Allowed { get; set; }

        public long Previews { get; set; }

        public long OutOfRange { get; set; }

        public int WorstRateCount { get; private set; }

        public int WorstRateLimit { get; private set; }

        public double WorstRateRatio { get; private set; }

        public int WorstAtFive { get; private set; }

        public void Record(int count, int limit)
        {
            var ratio = (double)count / limit;
            if (ratio > WorstRateRatio || (ratio == WorstRateRatio && count > WorstRateCount))
            {
                (WorstRateRatio, WorstRateCount, WorstRateLimit) = (ratio, count, limit);
            }

            if (limit == 5)
            {
                WorstAtFive = Math.Max(WorstAtFive, count);
            }
        }
    }
}
