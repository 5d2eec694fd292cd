using ChinaDial.Compliance.Tests.RateLimiting;

namespace ChinaDial.Compliance.Tests.CallerIdRate;

/// <summary>
/// Two threads x 10,000,000 attempts against one policy with a fake clock. The clock moves in blocks (both threads
/// meet at a barrier, then every attempt of the block is at the same instant, one window after the last block), so the
/// exact outcome is independent of the interleaving and the reference model gives it: a lost update or a double
/// claim changes the admitted count.
/// </summary>
public class CallerIdRateStressTests
{
    private const int Threads = 2;
    private const int AttemptsPerThread = 10_000_000;
    private const int AttemptsPerBlock = 10_000;
    private const int SharedKeys = 16;
    private const int OwnKeys = 16;

    [Theory]
    [InlineData(CallerIdRateAlgorithm.SlidingLog, 5, 1)]
    [InlineData(CallerIdRateAlgorithm.SlidingLog, 7, 1)]
    [InlineData(CallerIdRateAlgorithm.Paced, 5, 3)]
    public void Two_threads_on_shared_and_distinct_keys_admit_exactly_what_the_reference_model_admits(CallerIdRateAlgorithm algorithm, int limit, int burst)
    {
        var options = new CallerIdRateOptions { Algorithm = algorithm, Limit = limit, Burst = burst, Window = TimeSpan.FromMinutes(1) };
        var policy = new CallerIdRatePolicy(options);
        var blocks = AttemptsPerThread / AttemptsPerBlock;
        using var barrier = new Barrier(Threads);
        var admitted = new long[Threads];
        var workers = new Thread[Threads];
        for (var t = 0; t < Threads; t++)
        {
            var thread = t;
            workers[t] = new Thread(() => admitted[thread] = Run(policy, thread, blocks, options.Window.Ticks, barrier));
            workers[t].Start();
        }

        foreach (var worker in workers)
        {
            worker.Join();
        }

        Assert.Equal(Expected(options, blocks), admitted.Sum());
    }

    [Theory]
    [InlineData(CallerIdRateAlgorithm.SlidingLog)]
    [InlineData(CallerIdRateAlgorithm.Paced)]
    public void Evicting_idle_keys_while_two_threads_claim_them_loses_no_claim(CallerIdRateAlgorithm algorithm)
    {
        // Blocks three windows apart: at every block every key is idle, and a third thread sweeps continuously,
        // so evictions race with the claims that recreate the keys. A claim lost in an evicted array would let a
        // fresh array admit Limit more calls in the same block: the count would exceed the model.
        var options = new CallerIdRateOptions { Algorithm = algorithm, Window = TimeSpan.FromMinutes(1) };
        var policy = new CallerIdRatePolicy(options);
        const int blocks = 500;
        var window = options.Window.Ticks;
        long current = RateScenario.Base;
        var done = 0;
        using var barrier = new Barrier(Threads, _ => Volatile.Write(ref current, Volatile.Read(ref current) + (3 * window)));
        var sweeper = new Thread(() =>
        {
            while (Volatile.Read(ref done) == 0)
            {
                policy.Sweep(Volatile.Read(ref current));
            }
        });
        sweeper.Start();
        var admitted = new long[Threads];
        var workers = new Thread[Threads];
        for (var t = 0; t < Threads; t++)
        {
            var thread = t;
            workers[t] = new Thread(() =>
            {
                for (var block = 0; block < blocks; block++)
                {
                    barrier.SignalAndWait();
                    var now = Volatile.Read(ref current);
                    for (var i = 0; i < 2_000; i++)
                    {
                        if (policy.TryAcquire(Key(thread, i), now, out _))
                        {
                            admitted[thread]++;
                        }
                    }
                }
            });
            workers[t].Start();
        }

        foreach (var worker in workers)
        {
            worker.Join();
        }

        Volatile.Write(ref done, 1);
        sweeper.Join();

        // Every key is fresh in every block: Limit per shared key, Limit per own key (Burst for the paced variant).
        var perKey = algorithm == CallerIdRateAlgorithm.Paced ? options.Burst : options.Limit;
        Assert.Equal((long)blocks * (SharedKeys + (Threads * OwnKeys)) * perKey, admitted.Sum());
    }

    private static ulong Key(int thread, int attempt)
        => attempt % 2 == 0 ? 1000UL + (ulong)(attempt / 2 % SharedKeys) : 2000UL + (ulong)(thread * OwnKeys) + (ulong)(attempt / 2 % OwnKeys);

    private static long Run(CallerIdRatePolicy policy, int thread, int blocks, long window, Barrier barrier)
    {
        long admitted = 0;
        for (var block = 0; block < blocks; block++)
        {
            barrier.SignalAndWait();
            var now = RateScenario.Base + (block * window);
            for (var i = 0; i < AttemptsPerBlock; i++)
            {
                if (policy.TryAcquire(Key(thread, i), now, out _))
                {
                    admitted++;
                }
            }
        }

        return admitted;
    }

    /// <summary>The reference: replay one block's attempts per key sequentially through the exact model (or the
    /// sequential GCRA); every attempt of a block shares the instant, so its order within the block does not matter.</summary>
    private static long Expected(CallerIdRateOptions options, int blocks)
    {
        var attemptsPerKey = new Dictionary<ulong, int>();
        for (var thread = 0; thread < Threads; thread++)
        {
            for (var i = 0; i < AttemptsPerBlock; i++)
            {
                attemptsPerKey[Key(thread, i)] = attemptsPerKey.GetValueOrDefault(Key(thread, i)) + 1;
            }
        }

        var window = options.Window.Ticks;
        var exact = new ExactSlidingLogModel(options.Limit, window);
        var paced = new PacedModel(options.Limit, window, options.Burst);
        long admitted = 0;
        for (var block = 0; block < blocks; block++)
        {
            var now = RateScenario.Base + (block * window);
            foreach (var (key, attempts) in attemptsPerKey)
            {
                for (var a = 0; a < attempts; a++)
                {
                    var ok = options.Algorithm == CallerIdRateAlgorithm.Paced ? paced.Acquire(key, now).Admitted : exact.Acquire(key, now).Admitted;
                    if (!ok)
                    {
                        break; // same instant, same state: every further attempt of the block is refused too
                    }

                    admitted++;
                }
            }
        }

        return admitted;
    }
}
