using System;
using System.Collections.Generic;
using BenchmarkDotNet.Attributes;

namespace ChinaDial.Compliance.Benchmarks.CallerIdHealth;

/// <summary>
/// Recording a call outcome and selecting a caller ID on a pool of 1,000 caller IDs, against what a team would
/// otherwise write: a dictionary of outcome lists under a lock, trimmed to the window and scanned for the rates.
/// Selection asks the real caller-ID rate limiter for budget and the monitor for quarantines.
/// </summary>
[MemoryDiagnoser]
public class CallerIdHealthBenchmarks
{
    private const int PoolSize = 1_000;
    private static readonly DateTimeOffset Start = new(2026, 11, 23, 1, 0, 0, TimeSpan.Zero);

    private readonly PhoneNumberInfo[] _callerIds = new PhoneNumberInfo[PoolSize];
    private readonly string[] _callerIdTexts = new string[PoolSize];
    private readonly PhoneNumberInfo[] _callees = new PhoneNumberInfo[4096];
    private readonly CallOutcome _outcome = new(true, TimeSpan.FromSeconds(95));
    private CallerIdHealthMonitor _monitor = null!;
    private CallerIdSelector _selector = null!;
    private NaiveHealthMonitor _naive = null!;
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        for (var i = 0; i < PoolSize; i++)
        {
            _callerIdTexts[i] = $"+1206555{i:0000}";
            _callerIds[i] = PhoneNumberClassifier.Classify(_callerIdTexts[i]);
        }

        for (var i = 0; i < _callees.Length; i++)
        {
            _callees[i] = PhoneNumberClassifier.Classify($"+86139{i:00000000}");
        }

        _monitor = new CallerIdHealthMonitor(new CallerIdHealthOptions());
        var options = new ChinaDialComplianceOptions { CallerIds = { Approved = _callerIdTexts } };
        var budget = System.Linq.Enumerable.Single(System.Linq.Enumerable.OfType<ICallerIdRateBudget>(options.CreateEvaluator(healthMonitor: _monitor).Policies));
        _selector = new CallerIdSelector(options.CallerIds, _monitor, budget);
        _naive = new NaiveHealthMonitor();
        for (var i = 0; i < PoolSize * 20; i++)
        {
            _monitor.RecordOutcome(_callerIds[i % PoolSize], _callees[i % _callees.Length], _outcome, Start.AddSeconds(i / 10.0));
            _naive.Record(_callerIdTexts[i % PoolSize], _outcome, Start.AddSeconds(i / 10.0));
        }
    }

    [Benchmark(Baseline = true)]
    public double Naive_record_outcome()
    {
        var i = _next++;
        return _naive.Record(_callerIdTexts[i % PoolSize], _outcome, Start.AddSeconds(2000 + (i / 100.0)));
    }

    [Benchmark]
    public void Record_outcome()
    {
        var i = _next++;
        _monitor.RecordOutcome(_callerIds[i % PoolSize], _callees[i & 4095], _outcome, Start.AddSeconds(2000 + (i / 100.0)));
    }

    [Benchmark]
    public bool Select_caller_id()
    {
        var i = _next++;
        return _selector.Select(_callees[i & 4095], CallPurpose.Service, Start.AddSeconds(2000)).Found;
    }

    /// <summary>The obvious hand-written monitor: a lock, a dictionary of outcome lists, a scan for the answer rate.</summary>
    private sealed class NaiveHealthMonitor
    {
        private readonly Dictionary<string, List<(DateTimeOffset At, bool Answered)>> _outcomes = [];
        private readonly object _gate = new();

        public double Record(string callerId, CallOutcome outcome, DateTimeOffset at)
        {
            lock (_gate)
            {
                if (!_outcomes.TryGetValue(callerId, out var list))
                {
                    _outcomes[callerId] = list = [];
                }

                list.Add((at, outcome.Answered));
                list.RemoveAll(o => o.At < at.AddHours(-1));
                var answered = 0;
                foreach (var o in list)
                {
                    answered += o.Answered ? 1 : 0;
                }

                return (double)answered / list.Count;
            }
        }
    }
}
