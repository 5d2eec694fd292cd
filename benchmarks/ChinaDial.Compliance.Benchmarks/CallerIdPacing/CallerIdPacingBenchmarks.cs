using System;
using System.Globalization;
using BenchmarkDotNet.Attributes;

namespace ChinaDial.Compliance.Benchmarks.CallerIdPacing;

/// <summary>
/// What caller-ID pacing adds to every decision and to selection: a service call to a new callee from a pool of 1,000
/// caller IDs in rotation (each caller ID every 1,000 s of virtual time, one call a second), through every built-in
/// policy but calling hours (the virtual clock runs on for days), without pacing (baseline) and with it; then selecting a
/// caller ID for a callee, without pacing and with it. Allowed tickets are completed at once (answered, 2 minutes), so
/// the health monitor and pacing keep state as in a campaign.
/// </summary>
[MemoryDiagnoser]
public class CallerIdPacingBenchmarks
{
    private const int PoolSize = 1_000;
    private static readonly DateTimeOffset Start = new(2026, 11, 23, 1, 0, 0, TimeSpan.Zero);
    private static readonly CallOutcome Answered = new(true, TimeSpan.FromMinutes(2));

    private readonly string[] _pool = new string[PoolSize];
    private readonly OutboundCall[] _calls = new OutboundCall[1 << 16];
    private readonly PhoneNumberInfo[] _callees = new PhoneNumberInfo[1 << 16];
    private Run _without = null!;
    private Run _with = null!;
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        for (var i = 0; i < PoolSize; i++)
        {
            _pool[i] = string.Create(CultureInfo.InvariantCulture, $"+1206555{i:0000}");
        }

        for (var i = 0; i < _calls.Length; i++)
        {
            var callee = string.Create(CultureInfo.InvariantCulture, $"+86138{(i * 48_271L) % 100_000_000:00000000}");
            _calls[i] = new OutboundCall(_pool[i % PoolSize], callee, CallPurpose.Service);
            _callees[i] = PhoneNumberClassifier.Classify(callee);
        }

        _without = new Run(_pool, pacing: false);
        _with = new Run(_pool, pacing: true);
        for (var i = 0; i < 10_000; i++)
        {
            _without.Evaluate(_calls[i]);
            _with.Evaluate(_calls[i]);
        }

        _next = 10_000;
    }

    [Benchmark(Baseline = true)]
    public bool Evaluate_without_pacing() => _without.Evaluate(_calls[_next++ & (_calls.Length - 1)]);

    [Benchmark]
    public bool Evaluate_with_pacing() => _with.Evaluate(_calls[_next++ & (_calls.Length - 1)]);

    [Benchmark]
    public bool Select_without_pacing() => _without.Selector.Select(_callees[_next++ & (_callees.Length - 1)], CallPurpose.Service, _without.Clock.GetUtcNow()).Found;

    [Benchmark]
    public bool Select_with_pacing() => _with.Selector.Select(_callees[_next++ & (_callees.Length - 1)], CallPurpose.Service, _with.Clock.GetUtcNow()).Found;

    private sealed class Run
    {
        public Run(string[] pool, bool pacing)
        {
            var options = new ChinaDialComplianceOptions
            {
                CallerIds = { Approved = pool },
                CallingHours = { Enabled = false },
                CallerIdPacing = { Enabled = pacing },
            };
            Evaluator = options.CreateEvaluator(Clock);
            Selector = new CallerIdSelector(options.CallerIds, Evaluator);
        }

        public SteppingClock Clock { get; } = new(Start);

        public OutboundCallEvaluator Evaluator { get; }

        public CallerIdSelector Selector { get; }

        /// <summary>Every policy answers synchronously, so the evaluation completes synchronously.</summary>
        public bool Evaluate(OutboundCall call)
        {
            Clock.Step();
            var pending = Evaluator.EvaluateAsync(call);
            var decision = pending.IsCompletedSuccessfully ? pending.Result : throw new InvalidOperationException("A policy answered asynchronously.");
            decision.Ticket?.Complete(Answered);
            return decision.IsAllowed;
        }
    }

    /// <summary>A clock one second further on at every <see cref="Step"/>.</summary>
    private sealed class SteppingClock(DateTimeOffset start) : TimeProvider
    {
        private long _ticks = start.UtcTicks;

        public void Step() => _ticks += TimeSpan.TicksPerSecond;

        public override DateTimeOffset GetUtcNow() => new(_ticks, TimeSpan.Zero);
    }
}
