using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using Polly.Timeout;
using StackExchange.Redis;

namespace ChinaDial.Compliance.Redis;

/// <summary>
/// Sends the decisions of one <see cref="RedisSlidingLog"/> to Redis, coalescing the ones that arrive while a run is
/// under way into the next run of <see cref="SlidingLogScript.Acquire"/> (or <see cref="SlidingLogScript.AcquireInHash"/>,
/// on the hash of the lane's slot): each decision still takes one round trip (the
/// run that answers it), and the script's fixed cost on Redis's one thread is paid once per run instead of once per
/// decision.
/// </summary>
/// <remarks>
/// <para>Decisions wait in a lane, one per Redis Cluster hash slot (one lane for a server that is not a cluster). A
/// lane sends one run at a time, and a second beside it once as many decisions wait as the last run sent carries (at
/// least two; at most <see cref="MaxRunsInFlight"/> runs); a decision that arrives while the runs are out goes into the
/// next one. A lone decision is sent at once, so coalescing adds no wait of its own; under load a run carries
/// everything that queued behind the run before it, up to <see cref="MaxDecisionsPerRun"/>.</para>
/// <para>Every decision keeps its own deadline of <see cref="RedisComplianceOptions.OperationTimeout"/> from the
/// moment it arrived: a run's timeout is what is left of the earliest deadline among its decisions, and a decision
/// whose deadline passed while it waited fails without being sent. A decision given up (its deadline, or its caller
/// cancelled) whose run admitted it anyway gives its place back.</para>
/// </remarks>
internal sealed class SlidingLogBatcher
{
    /// <summary>The most decisions one run carries (bounds how long one run holds Redis's thread).</summary>
    public const int MaxDecisionsPerRun = 64;

    /// <summary>The most runs of one lane in flight. With one, Redis sits idle from the moment it answers a run until
    /// the next reaches it (the answer's way to the client, the hand-over to the lane, the next run's way back): with 64
    /// callers on a 2-core machine, about a third of the time. A second run, sent once as many decisions wait as the
    /// last run carried, is already at Redis when the first is answered, and runs stay as large as the load makes
    /// them (what Redis and the client spend per run is the larger part of a small run's cost).</summary>
    public const int MaxRunsInFlight = 2;

    private readonly RedisGateway _gateway;
    private readonly RedisValue[] _arguments;
    private readonly int _keysPerDecision;
    private readonly Func<int, RedisKey>? _hashOfSlot;
    private readonly long _timeoutTicks;
    private readonly Lane _unclustered;
    private readonly ConcurrentDictionary<int, Lane> _slots = new();
    private long _runs;

    /// <param name="gateway">The gateway.</param>
    /// <param name="arguments">The script's arguments (TTL and caps), sent as they are by every run of
    /// <see cref="SlidingLogScript.Acquire"/>, and before the fields by every run of
    /// <see cref="SlidingLogScript.AcquireInHash"/>.</param>
    /// <param name="keysPerDecision">The keys (or fields) of one decision.</param>
    /// <param name="hashOfSlot"><see langword="null"/>: each log is a key of its own (<see cref="SlidingLogScript.Acquire"/>).
    /// Otherwise the logs are fields of one hash per hash slot (<see cref="SlidingLogScript.AcquireInHash"/>): the
    /// decisions' "keys" name the fields, and this gives the hash of a slot (-1: a server that is not a
    /// cluster).</param>
    public SlidingLogBatcher(RedisGateway gateway, RedisValue[] arguments, int keysPerDecision, Func<int, RedisKey>? hashOfSlot = null)
    {
        _gateway = gateway;
        _arguments = arguments;
        _keysPerDecision = keysPerDecision;
        _hashOfSlot = hashOfSlot;
        _timeoutTicks = (long)(gateway.Options.OperationTimeout.TotalSeconds * Stopwatch.Frequency);
        _unclustered = NewLane(-1);
    }

    /// <summary>Script runs sent (round trips), for tests and benchmarks.</summary>
    public long Runs => Interlocked.Read(ref _runs);

    /// <summary>Decides one call: the script's answer for it (see <see cref="SlidingLogScript.Acquire"/>). Fails when
    /// Redis cannot answer in time (see <see cref="RedisGateway.IsOutage"/>).</summary>
    /// <param name="keys">The decision's keys.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    public Task<long> DecideAsync(RedisKey[] keys, CancellationToken cancellationToken)
    {
        var decision = new PendingDecision(keys, Stopwatch.GetTimestamp() + _timeoutTicks);
        if (cancellationToken.CanBeCanceled)
        {
            decision.CancelWith(cancellationToken);
        }

        var lane = LaneOf(keys);
        PendingDecision[]? run;
        lock (lane)
        {
            lane.Waiting.Enqueue(decision);
            if (!lane.MayStartRun || (run = lane.Take()) is null)
            {
                return decision.Task;
            }

            lane.InFlight++;
        }

        _ = SendAsync(lane, run);
        return decision.Task;
    }

    /// <summary>Runs <paramref name="run"/>, then each run queued behind it, until the lane is empty. The next run is
    /// sent before the answers of the last are handed out, so Redis works while they are.</summary>
    private async Task SendAsync(Lane lane, PendingDecision[] run)
    {
        var answer = Start(lane, run);
        while (true)
        {
            RedisResult? result = null;
            Exception? failure = null;
            try
            {
                result = await answer.ConfigureAwait(false);
            }
#pragma warning disable CA1031 // Every failure is handed to the decisions of the run; the lane must go on.
            catch (Exception e)
#pragma warning restore CA1031
            {
                failure = e;
            }

            PendingDecision[]? next;
            lock (lane)
            {
                next = lane.Take();
                if (next is null)
                {
                    lane.InFlight--;
                }
            }

            if (next is not null)
            {
                answer = Start(lane, next);
            }

            if (next is null)
            {
                // Nothing queued behind: this thread has nothing else to do for the lane, the callers' continuations
                // run here.
                Complete(run, result, failure);
                return;
            }

            // The answers are handed out on another thread: the callers' continuations run there, one after the
            // other (one thread-pool hop per run, not per decision), and none of them holds up the lane.
            ThreadPool.UnsafeQueueUserWorkItem(static s => s.Batcher.Complete(s.Run, s.Result, s.Failure), (Batcher: this, Run: run, Result: result, Failure: failure), preferLocal: false);
            run = next;
        }
    }

    /// <summary>Gives back a call admitted at <paramref name="instant"/> into <paramref name="keys"/> (best effort: an
    /// outage is swallowed, and an entry left behind only makes the limit stricter until it leaves the window).</summary>
    public void GiveBack(RedisKey[] keys, long instant)
    {
        var hash = LaneOf(keys).Hash;
        _gateway.FireAndForget(database =>
        {
            if (hash is null)
            {
                SlidingLogScript.Release.Send(database, keys, [instant]);
                return;
            }

            var arguments = new RedisValue[1 + keys.Length];
            arguments[0] = instant;
            CopyFields(keys, arguments, 1);
            SlidingLogScript.ReleaseInHash.Send(database, hash, arguments);
        });
    }

    /// <summary>Copies a decision's "keys" (the fields they name, in the one-hash layout) into a script's ARGV from
    /// <paramref name="at"/> on.</summary>
    private static void CopyFields(RedisKey[] keys, RedisValue[] arguments, int at)
    {
        for (var k = 0; k < keys.Length; k++)
        {
            arguments[at + k] = (string?)keys[k];
        }
    }

    private Lane LaneOf(RedisKey[] keys)
    {
        var slot = _gateway.Connection.HashSlot(keys[0]);
        return slot < 0 ? _unclustered : _slots.GetOrAdd(slot, static (slot, batcher) => batcher.NewLane(slot), this);
    }

    private Lane NewLane(int slot) => new(_hashOfSlot is null ? null : [_hashOfSlot(slot)]);

    private Task<RedisResult> Start(Lane lane, PendingDecision[] run)
    {
        try
        {
            var deadline = long.MaxValue;
            foreach (var decision in run)
            {
                deadline = Math.Min(deadline, decision.Deadline);
            }

            var left = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), deadline);
            if (left <= TimeSpan.Zero)
            {
                return Task.FromException<RedisResult>(new TimeoutRejectedException("The decision's timeout passed while it waited for the run before it.", _gateway.Options.OperationTimeout));
            }

            Interlocked.Increment(ref _runs);
            if (lane.Hash is { } hash)
            {
                var fields = new RedisValue[_arguments.Length + (run.Length * _keysPerDecision)];
                _arguments.CopyTo(fields, 0);
                for (var d = 0; d < run.Length; d++)
                {
                    CopyFields(run[d].Keys, fields, _arguments.Length + (d * _keysPerDecision));
                }

                return _gateway.ExecuteAsync(
                    static (database, state) => SlidingLogScript.AcquireInHash.EvaluateAsync(database, state.hash, state.fields),
                    (hash, fields),
                    left).AsTask();
            }

            var keys = new RedisKey[run.Length * _keysPerDecision];
            for (var d = 0; d < run.Length; d++)
            {
                run[d].Keys.CopyTo(keys, d * _keysPerDecision);
            }

            return _gateway.ExecuteAsync(
                static (database, state) => SlidingLogScript.Acquire.EvaluateAsync(database, state.keys, state.arguments),
                (keys, arguments: _arguments),
                left).AsTask();
        }
#pragma warning disable CA1031 // Handed to the decisions of the run.
        catch (Exception e)
#pragma warning restore CA1031
        {
            return Task.FromException<RedisResult>(e);
        }
    }

    private void Complete(PendingDecision[] run, RedisResult? result, Exception? failure)
    {
        RedisResult[]? answers = null;
        if (failure is null)
        {
            answers = result is { Resp2Type: ResultType.Array } ? (RedisResult[]?)result : null;
            if (answers is null || answers.Length != run.Length)
            {
                failure = new RedisException($"The sliding-log script did not return {run.Length} answers.");
            }
        }

        for (var d = 0; d < run.Length; d++)
        {
            var decision = run[d];
            if (failure is not null)
            {
                decision.Fail(failure);
                continue;
            }

            var answer = answers![d];
            if (answer.Resp2Type != ResultType.Integer)
            {
                decision.Fail(new RedisException("The sliding-log script did not return an integer."));
                continue;
            }

            var instant = (long)answer;
            if (!decision.Succeed(instant) && instant > 0)
            {
                try
                {
                    GiveBack(decision.Keys, instant);
                }
#pragma warning disable CA1031 // On the thread pool: nothing may escape (an entry left behind is only stricter).
                catch (Exception)
#pragma warning restore CA1031
                {
                }
            }
        }
    }

    /// <summary>The decisions waiting for one hash slot, and whether a run of theirs is in flight.</summary>
    /// <param name="hash">The slot's hash as the script's KEYS (one-hash layout), or <see langword="null"/>.</param>
    private sealed class Lane(RedisKey[]? hash)
    {
        public RedisKey[]? Hash { get; } = hash;

        public Queue<PendingDecision> Waiting { get; } = new();

        public int InFlight { get; set; }

        /// <summary>How many decisions the last run taken carries.</summary>
        public int LastRunSize { get; private set; }

        /// <summary>Whether a new run may go out now: when none is in flight, or when fewer than
        /// <see cref="MaxRunsInFlight"/> are and as many decisions wait as the last run carries (at least two).
        /// Otherwise the decisions that arrive during a run go out together when it returns.</summary>
        public bool MayStartRun => InFlight == 0 || (InFlight < MaxRunsInFlight && Waiting.Count >= Math.Max(2, LastRunSize));

        /// <summary>The next run: the waiting decisions not given up yet, oldest first, at most
        /// <see cref="MaxDecisionsPerRun"/>; <see langword="null"/> when none wait. Called under the lane's lock.</summary>
        public PendingDecision[]? Take()
        {
            if (Waiting.Count == 0)
            {
                return null;
            }

            var run = new PendingDecision[Math.Min(Waiting.Count, MaxDecisionsPerRun)];
            var taken = 0;
            while (taken < run.Length && Waiting.TryDequeue(out var decision))
            {
                if (!decision.Task.IsCompleted)
                {
                    run[taken++] = decision;
                }
            }

            LastRunSize = taken;
            return taken == run.Length ? run : taken == 0 ? null : run[..taken];
        }
    }

    /// <summary>One decision waiting for its run.</summary>
    private sealed class PendingDecision(RedisKey[] keys, long deadline) : TaskCompletionSource<long>
    {
        private CancellationTokenRegistration _cancellation;

        public RedisKey[] Keys { get; } = keys;

        /// <summary>When the decision is given up (<see cref="Stopwatch"/> timestamp).</summary>
        public long Deadline { get; } = deadline;

        public void CancelWith(CancellationToken cancellationToken)
            => _cancellation = cancellationToken.UnsafeRegister(static (state, token) => ((PendingDecision)state!).TrySetCanceled(token), this);

        public bool Succeed(long instant)
        {
            _cancellation.Dispose();
            return TrySetResult(instant);
        }

        public void Fail(Exception failure)
        {
            _cancellation.Dispose();
            TrySetException(failure);
        }
    }
}
