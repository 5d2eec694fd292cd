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
/// Sends the decisions of one script (<see cref="BatchScript"/>: a limit's sliding logs, or the caller-ID state) to
/// Redis, coalescing the ones that arrive while a run is under way into the next run: each decision still takes one
/// round trip (the run that answers it), and the script's fixed cost on Redis's one thread is paid once per run instead
/// of once per decision.
/// </summary>
/// <remarks>
/// <para>Decisions wait in a lane, one per Redis Cluster hash slot (one lane for a server that is not a cluster). A
/// lane sends one run at a time, and a second beside it once as many decisions wait as the last run sent carries (at
/// least two; at most <see cref="MaxRunsInFlight"/> runs); a decision that arrives while the runs are out goes into the
/// next one. A lone decision is sent at once, so coalescing adds no wait of its own; under load a run carries
/// everything that queued behind the run before it, up to <see cref="MaxDecisionsPerRun"/>.</para>
/// <para>Every decision keeps its own deadline (its decision's: one for all the Redis work of a call): a run's timeout
/// is what is left of the earliest deadline among its decisions, and a decision whose deadline passed while it waited
/// fails without being sent. A decision given up (its deadline, or its caller cancelled) whose run admitted it anyway
/// gives its place back; so does every admission of a run whose answer arrives after its timeout (the answer is
/// awaited to the end, as long as StackExchange.Redis keeps waiting for it).</para>
/// </remarks>
internal sealed class ScriptBatcher
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
    private readonly BatchScript _script;
    private readonly Lane _unclustered;
    private readonly ConcurrentDictionary<int, Lane> _slots = new();
    private long _runs;
    private long _lateGiveBacks;

    public ScriptBatcher(RedisGateway gateway, BatchScript script)
    {
        _gateway = gateway;
        _script = script;
        _unclustered = NewLane(-1);
    }

    /// <summary>Script runs sent (round trips), for tests and benchmarks.</summary>
    public long Runs => Interlocked.Read(ref _runs);

    /// <summary>Admissions given back because their run's answer came after its timeout (for tests).</summary>
    public long LateGiveBacks => Interlocked.Read(ref _lateGiveBacks);

    /// <summary>Decides one call: the script's answer for it. Fails when Redis cannot answer by
    /// <paramref name="deadline"/> (see <see cref="RedisGateway.IsOutage"/>).</summary>
    /// <param name="keys">The decision's keys (or fields).</param>
    /// <param name="extra">The decision's own argument, if the script takes one.</param>
    /// <param name="deadline">When the decision is given up (<see cref="Stopwatch"/> timestamp).</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    public Task<BatchAnswer> DecideAsync(RedisKey[] keys, long extra, long deadline, CancellationToken cancellationToken)
    {
        var decision = new PendingDecision(keys, extra, deadline);
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

    /// <summary>Gives back what <paramref name="answer"/> admitted for <paramref name="keys"/> (best effort: an outage is
    /// swallowed, and an entry left behind only makes the limit stricter until it leaves the window).</summary>
    public void GiveBack(RedisKey[] keys, in BatchAnswer answer)
    {
        var hash = LaneOf(keys).Hash;
        var copy = answer;
        _gateway.FireAndForget(database => _script.GiveBack(database, hash, keys, copy));
    }

    /// <summary>The hash of the lane <paramref name="keys"/> go to (the one-hash layout), or <see langword="null"/>.</summary>
    public RedisKey[]? HashOf(RedisKey[] keys) => LaneOf(keys).Hash;

    /// <summary>Runs <paramref name="run"/>, then each run queued behind it, until the lane is empty. The next run is
    /// sent before the answers of the last are handed out, so Redis works while they are.</summary>
    private async Task SendAsync(Lane lane, PendingDecision[] run)
    {
        var sent = Start(lane, run);
        while (true)
        {
            RedisResult? result = null;
            Exception? failure = null;
            try
            {
                result = await sent.Answer.ConfigureAwait(false);
            }
#pragma warning disable CA1031 // Every failure is handed to the decisions of the run; the lane must go on.
            catch (Exception e)
#pragma warning restore CA1031
            {
                failure = e;
                WatchLateAnswer(lane, run, sent);
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

            var following = next is null ? null : Start(lane, next);
            if (following is null)
            {
                // Nothing queued behind: this thread has nothing else to do for the lane, the callers' continuations
                // run here.
                Complete(lane, run, result, failure);
                return;
            }

            // The answers are handed out on another thread: the callers' continuations run there, one after the
            // other (one thread-pool hop per run, not per decision), and none of them holds up the lane.
            ThreadPool.UnsafeQueueUserWorkItem(static s => s.Batcher.Complete(s.Lane, s.Run, s.Result, s.Failure), (Batcher: this, Lane: lane, Run: run, Result: result, Failure: failure), preferLocal: false);
            (run, sent) = (next!, following);
        }
    }

    /// <summary>After a run failed (timeout, open circuit, connection): when the command did reach Redis and its answer
    /// still comes, every admission in it is given back, since every decision of the run was given up.</summary>
    private void WatchLateAnswer(Lane lane, PendingDecision[] run, SentRun sent)
    {
        if (sent.Command is not { } command)
        {
            return; // never sent (deadline passed in the lane, open circuit)
        }

        _ = command.ContinueWith(
            static (answered, state) =>
            {
                var (batcher, lane, run) = ((ScriptBatcher, Lane, PendingDecision[]))state!;
                if (!answered.IsCompletedSuccessfully || !batcher.TryRead(answered.Result, run.Length, out var answers))
                {
                    return; // no answer: the admissions (if any) stay counted, stricter until they leave the window
                }

                for (var d = 0; d < run.Length; d++)
                {
                    var answer = batcher.AnswerOf(answers, d);
                    if (batcher._script.Admitted(answer))
                    {
                        Interlocked.Increment(ref batcher._lateGiveBacks);
                        batcher.SafeGiveBack(lane, run[d].Keys, answer);
                    }
                }
            },
            (this, lane, run),
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    private void SafeGiveBack(Lane lane, RedisKey[] keys, BatchAnswer answer)
    {
        try
        {
            _gateway.FireAndForget(database => _script.GiveBack(database, lane.Hash, keys, answer));
        }
#pragma warning disable CA1031 // On the thread pool: nothing may escape (an entry left behind is only stricter).
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }

    private Lane LaneOf(RedisKey[] keys)
    {
        var slot = _gateway.Connection.HashSlot(keys[0]);
        return slot < 0 ? _unclustered : _slots.GetOrAdd(slot, static (slot, batcher) => batcher.NewLane(slot), this);
    }

    private Lane NewLane(int slot) => new(_script.HashOfSlot is { } hashOf ? [hashOf(slot)] : null);

    private SentRun Start(Lane lane, PendingDecision[] run)
    {
        var sent = new SentRun();
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
                sent.Answer = Task.FromException<RedisResult>(new TimeoutRejectedException("The decision's deadline passed while it waited for the run before it.", _gateway.Options.OperationTimeout));
                return sent;
            }

            Interlocked.Increment(ref _runs);
            sent.Answer = _gateway.ExecuteAsync(
                static (database, state) => state.Sent.Command = state.Script.Send(database, state.Hash, state.Run),
                (Script: _script, Hash: lane.Hash, Run: run, Sent: sent),
                left,
                run[0].Keys[0]).AsTask();
        }
#pragma warning disable CA1031 // Handed to the decisions of the run.
        catch (Exception e)
#pragma warning restore CA1031
        {
            sent.Answer = Task.FromException<RedisResult>(e);
        }

        return sent;
    }

    private bool TryRead(RedisResult? result, int decisions, out RedisResult[] answers)
    {
        answers = (result is { Resp2Type: ResultType.Array } ? (RedisResult[]?)result : null)!;
        return answers is not null && answers.Length == decisions * _script.AnswersPerDecision;
    }

    private BatchAnswer AnswerOf(RedisResult[] answers, int decision)
    {
        var at = decision * _script.AnswersPerDecision;
        return _script.AnswersPerDecision switch
        {
            1 => new BatchAnswer((long)answers[at], 0, 0),
            2 => new BatchAnswer((long)answers[at], (long)answers[at + 1], 0),
            _ => new BatchAnswer((long)answers[at], (long)answers[at + 1], (long)answers[at + 2]),
        };
    }

    private void Complete(Lane lane, PendingDecision[] run, RedisResult? result, Exception? failure)
    {
        RedisResult[] answers = [];
        if (failure is null && !TryRead(result, run.Length, out answers))
        {
            failure = new RedisException($"The script did not return {run.Length * _script.AnswersPerDecision} answers.");
        }

        for (var d = 0; d < run.Length; d++)
        {
            var decision = run[d];
            if (failure is not null)
            {
                decision.Fail(failure);
                continue;
            }

            BatchAnswer answer;
            try
            {
                answer = AnswerOf(answers, d);
            }
            catch (InvalidCastException e)
            {
                decision.Fail(new RedisException("The script returned an answer that is not an integer.", e));
                continue;
            }

            if (!decision.Succeed(answer) && _script.Admitted(answer))
            {
                SafeGiveBack(lane, decision.Keys, answer);
            }
        }
    }

    /// <summary>One run sent: the answer the lane waits for (through the timeout) and the command itself, whose answer
    /// may come after the timeout.</summary>
    private sealed class SentRun
    {
        public Task<RedisResult> Answer { get; set; } = null!;

        public Task<RedisResult>? Command { get; set; }
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
}

/// <summary>One decision's answer from a batched script: up to three integers (what each means is the script's).</summary>
internal readonly record struct BatchAnswer(long First, long Second, long Third);

/// <summary>One decision waiting for its run.</summary>
internal sealed class PendingDecision(RedisKey[] keys, long extra, long deadline) : TaskCompletionSource<BatchAnswer>
{
    private CancellationTokenRegistration _cancellation;

    public RedisKey[] Keys { get; } = keys;

    /// <summary>The decision's own argument (see <see cref="ScriptBatcher.DecideAsync"/>).</summary>
    public long Extra { get; } = extra;

    /// <summary>When the decision is given up (<see cref="Stopwatch"/> timestamp).</summary>
    public long Deadline { get; } = deadline;

    public void CancelWith(CancellationToken cancellationToken)
        => _cancellation = cancellationToken.UnsafeRegister(static (state, token) => ((PendingDecision)state!).TrySetCanceled(token), this);

    public bool Succeed(BatchAnswer answer)
    {
        _cancellation.Dispose();
        return TrySetResult(answer);
    }

    public void Fail(Exception failure)
    {
        _cancellation.Dispose();
        TrySetException(failure);
    }
}

/// <summary>A script the <see cref="ScriptBatcher"/> runs for many decisions at once.</summary>
internal abstract class BatchScript
{
    /// <summary>The integers the script answers per decision (1 to 3).</summary>
    public abstract int AnswersPerDecision { get; }

    /// <summary><see langword="null"/>: each decision names keys of its own. Otherwise the decisions' "keys" are fields
    /// of one hash per hash slot, which this names (-1: a server that is not a cluster).</summary>
    public virtual Func<int, RedisKey>? HashOfSlot => null;

    /// <summary>Sends one run (one <c>EVALSHA</c>) for <paramref name="run"/>.</summary>
    /// <param name="database">The database.</param>
    /// <param name="hash">The lane's hash as KEYS, in the one-hash layout.</param>
    /// <param name="run">The decisions, in order.</param>
    public abstract Task<RedisResult> Send(IDatabase database, RedisKey[]? hash, PendingDecision[] run);

    /// <summary>Whether <paramref name="answer"/> admitted anything (to give back when its decision was given up).</summary>
    public abstract bool Admitted(in BatchAnswer answer);

    /// <summary>Sends, without waiting, what gives back the admissions of <paramref name="answer"/>.</summary>
    public abstract void GiveBack(IDatabase database, RedisKey[]? hash, RedisKey[] keys, in BatchAnswer answer);
}
