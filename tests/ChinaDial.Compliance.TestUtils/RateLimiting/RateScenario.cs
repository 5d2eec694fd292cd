namespace ChinaDial.Compliance.Tests.RateLimiting;

/// <summary>Turns FsCheck's raw numbers into a valid caller-ID rate configuration and an arrival sequence with
/// bursts (equal timestamps), gaps of exactly one window, long gaps and many keys.</summary>
internal sealed record RateScenario(CallerIdRateOptions Options, (ulong Key, long At, bool ReleaseIfAdmitted)[] Arrivals)
{
    internal static readonly long Base = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).UtcTicks;

    private static readonly long[] Windows = [1, 7, TimeSpan.TicksPerSecond, TimeSpan.TicksPerMinute, TimeSpan.TicksPerHour, TimeSpan.TicksPerDay];

    public static RateScenario Create(byte limitSeed, byte windowSeed, bool paced, byte burstSeed, int[]? gaps, byte[]? keys, bool[]? releases, bool inOrder = true)
    {
        gaps ??= [];
        keys ??= [];
        releases ??= [];
        var limit = 1 + (limitSeed % 12);
        var window = Windows[windowSeed % Windows.Length];
        var options = new CallerIdRateOptions
        {
            Limit = limit,
            Window = TimeSpan.FromTicks(window),
            Algorithm = paced ? CallerIdRateAlgorithm.Paced : CallerIdRateAlgorithm.SlidingLog,
            Burst = 1 + (burstSeed % limit),
        };
        var keyCount = 1 + (windowSeed / Windows.Length % 5);
        var arrivals = new (ulong, long, bool)[gaps.Length];
        var at = Base;
        for (var i = 0; i < gaps.Length; i++)
        {
            var g = Math.Abs((long)gaps[i]);
            var step = (g % 6) switch
            {
                0 => 0,                               // burst: same instant
                1 => window,                          // exactly one window later
                2 => window * (1 + (g % 4)) + (g % 3), // long gap
                3 => 1,                               // one tick
                _ => window * (g % 13) / 13 + (g % 3),
            };
            // Out of order: anywhere in one window, the disorder the tables support (idle keys are evicted once the
            // decisions' instants have moved a window past them; an instant lagging further could find its key gone).
            at = inOrder ? at + step : Base + (g * 7919 % (window + 1));
            var key = 12065550100UL + (ulong)(keys.Length == 0 ? 0 : keys[i % keys.Length] % keyCount);
            arrivals[i] = (key, at, releases.Length > 0 && releases[i % releases.Length]);
        }

        return new RateScenario(options, arrivals);
    }

    /// <summary>Runs the arrivals through the policy; returns every decision and the instants of the calls that
    /// were admitted and kept (not released), per key.</summary>
    public (PolicyResult[] Results, Dictionary<ulong, List<long>> Kept) Run(CallerIdRatePolicy policy)
    {
        var results = new PolicyResult[Arrivals.Length];
        var kept = new Dictionary<ulong, List<long>>();
        for (var i = 0; i < Arrivals.Length; i++)
        {
            var (key, at, release) = Arrivals[i];
            results[i] = policy.Acquire(key, at);
            if (results[i].Verdict != CallVerdict.Allow)
            {
                continue;
            }

            if (release)
            {
                policy.Release(key, results[i], at);
            }
            else
            {
                if (!kept.TryGetValue(key, out var list))
                {
                    kept[key] = list = [];
                }

                list.Add(at);
            }
        }

        return (results, kept);
    }

    /// <summary>Whether some half-open window of length <paramref name="window"/> holds more than <paramref name="limit"/> instants.</summary>
    public static bool AnyWindowExceeds(List<long> instants, int limit, long window)
    {
        var sorted = instants.Order().ToArray();
        for (var i = 0; i + limit < sorted.Length; i++)
        {
            if (sorted[i + limit] - sorted[i] < window)
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>The obvious exact sliding log: a call at t is admitted iff fewer than Limit kept calls lie in (t - W, t].</summary>
internal sealed class ExactSlidingLogModel(int limit, long window)
{
    private readonly Dictionary<ulong, List<long>> _admitted = [];

    public (bool Admitted, long NotBefore) Acquire(ulong key, long at)
    {
        if (!_admitted.TryGetValue(key, out var list))
        {
            _admitted[key] = list = [];
        }

        var inWindow = list.Where(x => x > at - window).Order().ToList();
        if (inWindow.Count < limit)
        {
            list.Add(at);
            return (true, at);
        }

        // Admitted once only Limit - 1 of them remain: when the (count - limit + 1)-th oldest leaves the window.
        return (false, inWindow[inWindow.Count - limit] + window);
    }

    public void Release(ulong key, long at) => _admitted[key].Remove(at);
}

/// <summary>GCRA computed sequentially with the interval derived from the guarantee.</summary>
internal sealed class PacedModel(int limit, long window, int burst)
{
    private readonly Dictionary<ulong, List<long>> _tats = [];
    private readonly long _interval = (window + limit - burst) / (limit - burst + 1);

    public long Interval => _interval;

    public (bool Admitted, long NotBefore) Acquire(ulong key, long at)
    {
        if (!_tats.TryGetValue(key, out var history))
        {
            _tats[key] = history = [];
        }

        var tat = history.Count == 0 ? long.MinValue : history[^1];
        var tolerance = (burst - 1) * _interval;
        if (history.Count > 0 && at < tat - tolerance)
        {
            return (false, tat - tolerance);
        }

        history.Add(Math.Max(tat, at) + _interval);
        return (true, at);
    }

    public void Release(ulong key) => _tats[key].RemoveAt(_tats[key].Count - 1);
}
