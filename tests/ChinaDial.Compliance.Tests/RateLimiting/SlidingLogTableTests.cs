namespace ChinaDial.Compliance.Tests.RateLimiting;

/// <summary>
/// The table's own races: new keys added by two threads at once while shards grow, and claims given back while their
/// entries are copied. Every attempt is at one instant, so the exact outcome does not depend on the interleaving.
/// </summary>
public class SlidingLogTableTests
{
    private const long Now = 638_000_000_000_000_000L;
    private const int Keys = 200_000;

    [Fact]
    public void Two_threads_adding_the_same_new_keys_while_shards_grow_admit_each_key_exactly_its_limit()
    {
        var table = new SlidingLogTable([2], [TimeSpan.TicksPerMinute], TimeSpan.TicksPerMinute);
        var admitted = new int[2][];
        RunOnTwoThreads(thread =>
        {
            admitted[thread] = new int[Keys];
            // Each key is filled at once (3 attempts), so shards grow while earlier keys hold every slot; a second pass
            // after all growth finds any claim a copy lost. The threads walk the keys in opposite orders, so they meet
            // on new keys and in growing shards.
            for (var pass = 0; pass < 2; pass++)
            {
                for (var i = 0; i < Keys; i++)
                {
                    var key = thread == 0 ? i : Keys - 1 - i;
                    for (var attempt = 0; attempt < (pass == 0 ? 3 : 1); attempt++)
                    {
                        if (table.TryAcquire(Key(key), Now, Now, out _, out _))
                        {
                            admitted[thread][key]++;
                        }
                    }
                }
            }
        });

        for (var i = 0; i < Keys; i++)
        {
            Assert.Equal(2, admitted[0][i] + admitted[1][i]);
        }

        Assert.Equal(Keys, table.Count);
    }

    [Fact]
    public void Claims_given_back_while_shards_grow_are_never_lost_and_never_counted_twice()
    {
        // Thread 0 claims and gives back every key of its half (the slot must come back even when its entry moved to
        // a larger array between the claim and the release); thread 1 adds new keys to grow the shards meanwhile.
        var table = new SlidingLogTable([1, 2], [TimeSpan.TicksPerMinute, TimeSpan.TicksPerHour], TimeSpan.TicksPerMinute);
        var failures = 0;
        RunOnTwoThreads(thread =>
        {
            for (var i = 0; i < Keys; i++)
            {
                if (thread == 1)
                {
                    Assert.True(table.TryAcquire(Key(Keys + i), Now, Now, out _, out _));
                    continue;
                }

                for (var round = 0; round < 3; round++)
                {
                    if (!table.TryAcquire(Key(i), Now, Now, out var slots, out _))
                    {
                        Interlocked.Increment(ref failures);
                        break;
                    }

                    table.Release(Key(i), slots, Now, restoreBeforeWindow: true);
                }
            }
        });

        Assert.Equal(0, failures);
        for (var i = 0; i < Keys; i++)
        {
            // Every claim was given back: the key admits its limit (1 per minute) once more, then defers.
            Assert.True(table.TryAcquire(Key(i), Now, Now, out _, out _));
            Assert.False(table.TryAcquire(Key(i), Now, Now, out _, out var retryAt));
            Assert.Equal(Now + TimeSpan.TicksPerMinute, retryAt);
        }
    }

    [Fact]
    public void Evicted_keys_leave_room_that_a_later_growth_reclaims()
    {
        var table = new SlidingLogTable([5], [TimeSpan.TicksPerMinute], TimeSpan.TicksPerMinute);
        for (var i = 0; i < Keys; i++)
        {
            Assert.True(table.TryAcquire(Key(i), Now, Now, out _, out _));
        }

        var full = table.AllocatedBytes;
        table.Sweep(Now + TimeSpan.TicksPerHour);
        Assert.Equal(0, table.Count);

        // New keys reuse nothing of the tombstoned cells until a shard is copied; copying keeps only live keys.
        for (var i = 0; i < Keys; i++)
        {
            Assert.True(table.TryAcquire(Key(Keys + i), Now + TimeSpan.TicksPerHour, Now + TimeSpan.TicksPerHour, out _, out _));
        }

        Assert.Equal(Keys, table.Count);
        Assert.True(table.AllocatedBytes <= full, $"{table.AllocatedBytes} > {full}");
    }

    private static ulong Key(int i) => 8613800000000UL + (ulong)i;

    private static void RunOnTwoThreads(Action<int> body)
    {
        using var barrier = new Barrier(2);
        Exception? failure = null;
        var threads = Enumerable.Range(0, 2).Select(t => new Thread(() =>
        {
            try
            {
                barrier.SignalAndWait();
                body(t);
            }
            catch (Exception e)
            {
                failure = e;
            }
        })).ToArray();
        foreach (var thread in threads)
        {
            thread.Start();
        }

        foreach (var thread in threads)
        {
            thread.Join();
        }

        if (failure is not null)
        {
            throw new InvalidOperationException("A worker failed.", failure);
        }
    }
}
