using System;

namespace ChinaDial.Compliance.Cli.Commands.Plan;

/// <summary>
/// The callees of a simulated campaign and how each call to them goes, drawn from the stated distributions with a
/// counter-based generator (SplitMix64 of the seed, the callee, the attempt and the draw): the same callee behaves the
/// same whatever the order calls reach it in, so runs with different pools or dialers face the same campaign.
/// </summary>
internal sealed class SimulatedCallees
{
    /// <summary>The concentration of the Beta distribution of pickup probabilities (α + β).</summary>
    internal const double Concentration = 4;

    /// <summary>The share of answered calls hung up within 15 s (2 to 14 s, uniform).</summary>
    internal const double HangUpShare = 0.05;

    /// <summary>The spread (σ of the logarithm) of the other answered calls' length.</summary>
    internal const double LengthSigma = 0.75;

    private readonly ulong _seed;
    private readonly double[] _pickup;
    private readonly double _mu;

    public SimulatedCallees(CampaignSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        _seed = spec.Seed;
        Numbers = new string[spec.Callees];
        Infos = new PhoneNumberInfo[spec.Callees];
        _pickup = new double[spec.Callees];
        var alpha = Concentration * spec.AnswerRate;
        var beta = Concentration * (1 - spec.AnswerRate);
        for (var i = 0; i < spec.Callees; i++)
        {
            // Distinct +86 138 mobile numbers: i scrambled by an odd multiplier modulo 10^8 (a bijection).
            var national = (long)(((ulong)i * 48_271UL + 12_345_679UL) % 100_000_000UL);
            Numbers[i] = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"+86138{national:00000000}");
            Infos[i] = PhoneNumberClassifier.Classify(Numbers[i]);
            _pickup[i] = spec.AnswerRate >= 1 ? 1 : Beta(new Draws(_seed, i, -1), alpha, beta);
        }

        // Answered calls: HangUpShare of them last 8 s on average, the rest a log-normal time whose mean makes the
        // whole mean CallLength (never under 20 s).
        var rest = Math.Max(20, (spec.CallLength.TotalSeconds - (HangUpShare * 8)) / (1 - HangUpShare));
        _mu = Math.Log(rest) - (LengthSigma * LengthSigma / 2);
    }

    /// <summary>The callees' numbers (E.164).</summary>
    public string[] Numbers { get; }

    /// <summary>The callees' numbers, classified.</summary>
    public PhoneNumberInfo[] Infos { get; }

    /// <summary>How call <paramref name="attempt"/> to callee <paramref name="callee"/> goes: answered and for how
    /// long, or unanswered and how long it rang.</summary>
    public (bool Answered, TimeSpan Length) Outcome(int callee, int attempt)
    {
        var draws = new Draws(_seed, callee, attempt);
        if (draws.Next() >= _pickup[callee])
        {
            return (false, TimeSpan.FromSeconds(20 + (25 * draws.Next())));
        }

        if (draws.Next() < HangUpShare)
        {
            return (true, TimeSpan.FromSeconds(2 + (12 * draws.Next())));
        }

        var seconds = Math.Exp(_mu + (LengthSigma * Normal(ref draws)));
        return (true, TimeSpan.FromSeconds(Math.Min(seconds, 4 * 3600)));
    }

    private static double Normal(ref Draws draws)
        => Math.Sqrt(-2 * Math.Log(draws.Next())) * Math.Cos(2 * Math.PI * draws.Next());

    /// <summary>A Beta(α, β) draw from two Gamma draws.</summary>
    private static double Beta(Draws draws, double alpha, double beta)
    {
        var x = Gamma(ref draws, alpha);
        var y = Gamma(ref draws, beta);
        return x + y > 0 ? x / (x + y) : 0;
    }

    /// <summary>A Gamma(shape, 1) draw (Marsaglia and Tsang; shapes under 1 boosted).</summary>
    private static double Gamma(ref Draws draws, double shape)
    {
        if (shape <= 0)
        {
            return 0;
        }

        if (shape < 1)
        {
            return Gamma(ref draws, shape + 1) * Math.Pow(draws.Next(), 1 / shape);
        }

        var d = shape - (1.0 / 3);
        var c = 1 / Math.Sqrt(9 * d);
        while (true)
        {
            var x = Normal(ref draws);
            var v = 1 + (c * x);
            if (v <= 0)
            {
                continue;
            }

            v = v * v * v;
            var u = draws.Next();
            if (Math.Log(u) < (0.5 * x * x) + d - (d * v) + (d * Math.Log(v)))
            {
                return d * v;
            }
        }
    }

    /// <summary>Uniform draws in (0, 1) for one callee and attempt.</summary>
    private struct Draws(ulong seed, int callee, int attempt)
    {
        private ulong _state = Mix(seed ^ Mix(((ulong)(uint)callee << 32) | (uint)(attempt + 1)));

        public double Next()
        {
            _state += 0x9E3779B97F4A7C15UL;
            return ((Mix(_state) >> 11) + 0.5) * (1.0 / (1UL << 53));
        }

        private static ulong Mix(ulong z)
        {
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }
}
