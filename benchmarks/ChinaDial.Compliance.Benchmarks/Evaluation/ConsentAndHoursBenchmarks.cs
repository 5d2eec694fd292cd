using System;
using BenchmarkDotNet.Attributes;

namespace ChinaDial.Compliance.Benchmarks.Evaluation;

/// <summary>
/// What the consent and calling-hours checks add to the evaluator's allow path: the same marketing call to a
/// consented callee at 10:00 Shanghai time, through the destination and caller-ID policies alone (baseline) and with
/// the consent policy (in-memory store) and the calling-hours policy added.
/// </summary>
[MemoryDiagnoser]
public class ConsentAndHoursBenchmarks
{
    private static readonly DateTimeOffset Morning = new(2026, 11, 23, 2, 0, 0, TimeSpan.Zero);
    private readonly OutboundCall _call = new("+12065550100", "+8613800138000", CallPurpose.Marketing);
    private OutboundCallEvaluator _without = null!;
    private OutboundCallEvaluator _with = null!;

    [GlobalSetup]
    public void Setup()
    {
        var clock = new FixedClock(Morning);
        var destination = new DestinationPolicy(new DestinationOptions { AllowedCountries = ["CN"] });
        var callerId = new CallerIdPolicy(new CallerIdOptions { Approved = ["+12065550100"] });
        var store = new InMemoryConsentStore();
        store.Grant(new ConsentRecord("+8613800138000", CallPurpose.Marketing, Morning.AddDays(-1), Proof: "form-1"));
        _without = new OutboundCallEvaluator([destination, callerId], timeProvider: clock);
        _with = new OutboundCallEvaluator([destination, callerId, new ConsentPolicy(new ConsentOptions(), store), new CallingHoursPolicy(new CallingHoursOptions())], timeProvider: clock);
        if (!Evaluate(_with))
        {
            throw new InvalidOperationException("The benchmark call must be allowed.");
        }
    }

    [Benchmark(Baseline = true)]
    public bool Evaluator_without_consent_and_hours() => Evaluate(_without);

    [Benchmark]
    public bool Evaluator_with_consent_and_hours() => Evaluate(_with);

    /// <summary>Every policy here answers synchronously, so the evaluation completes synchronously.</summary>
    private bool Evaluate(OutboundCallEvaluator evaluator)
    {
        var pending = evaluator.EvaluateAsync(_call);
        return pending.IsCompletedSuccessfully ? pending.Result.IsAllowed : throw new InvalidOperationException("A policy answered asynchronously.");
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
