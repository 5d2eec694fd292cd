using System;
using System.Threading;
using System.Threading.Tasks;
using StackExchange.Redis;

namespace ChinaDial.Compliance.Redis;

/// <summary>
/// Per caller ID and minute, the outcomes of placed calls counted in Redis by every node (placed, answered, shorter
/// than <see cref="ShortCall"/>): the fleet-wide figures behind the caller-ID health signals, kept for
/// <c>Retention:OutcomeCounters</c> (25 hours by default; they hold no callee). Runs as a policy that
/// never objects and observes every completed ticket; counting is fire-and-forget (a lost count never blocks a call).
/// </summary>
public sealed class RedisCallerIdOutcomeCounters : IOutboundCallPolicy, ICallOutcomeObserver
{
    /// <summary>The policy name.</summary>
    public const string PolicyName = "redis-caller-id-outcomes";

    /// <summary>A call shorter than this counts as a short call (the health monitor's default).</summary>
    public static readonly TimeSpan ShortCall = TimeSpan.FromSeconds(15);

    private readonly RedisGateway _gateway;
    private readonly TimeSpan _retention;

    /// <param name="gateway">The gateway.</param>
    /// <param name="retention">How long a minute's counters are kept (<see cref="RetentionOptions.OutcomeCounters"/>;
    /// 25 hours when null).</param>
    internal RedisCallerIdOutcomeCounters(RedisGateway gateway, TimeSpan? retention = null)
    {
        _gateway = gateway;
        _retention = retention ?? new RetentionOptions().OutcomeCounters;
    }

    /// <inheritdoc />
    public string Name => PolicyName;

    /// <inheritdoc />
    public ValueTask<PolicyResult> EvaluateAsync(CallContext context, CancellationToken cancellationToken) => new(PolicyResult.Allow());

    /// <inheritdoc />
    public void OnCompleted(CallContext context, CallOutcome outcome, DateTimeOffset completedAt)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!context.CallerId.IsParsed)
        {
            return;
        }

        var key = _gateway.Keys.Health(context.CallerId.Key, completedAt.ToUnixTimeSeconds() / 60);
        _gateway.FireAndForget(database =>
        {
            var batch = database.CreateBatch();
            _ = batch.HashIncrementAsync(key, "placed", 1, CommandFlags.FireAndForget);
            _ = batch.HashIncrementAsync(key, "answered", outcome.Answered ? 1 : 0, CommandFlags.FireAndForget);
            _ = batch.HashIncrementAsync(key, "short", outcome.Answered && outcome.Duration < ShortCall ? 1 : 0, CommandFlags.FireAndForget);
            _ = batch.KeyExpireAsync(key, _retention, CommandFlags.FireAndForget);
            batch.Execute();
        });
    }

    /// <summary>The counts of <paramref name="callerId"/> over the minutes from <paramref name="from"/> to
    /// <paramref name="to"/> (a span no longer than <c>Retention:OutcomeCounters</c>, 25 hours by default, for which
    /// counters are kept), summed over every node.</summary>
    /// <exception cref="ArgumentException">The number is not a parseable E.164 number, or the range is empty or too long.</exception>
    /// <exception cref="RedisException">Redis did not answer (also timeout and open circuit exceptions).</exception>
    public async Task<CallerIdOutcomeCounts> GetAsync(string callerId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default)
    {
        var key = RedisKeyspace.Number(callerId);
        var first = from.ToUnixTimeSeconds() / 60;
        var last = to.ToUnixTimeSeconds() / 60;
        if (last < first || last - first > _retention.TotalMinutes)
        {
            throw new ArgumentException($"The range must run forwards over at most {_retention.TotalHours} hours (Retention:OutcomeCounters).", nameof(to));
        }

        var counts = new CallerIdOutcomeCounts(0, 0, 0);
        var pending = new Task<RedisValue[]>[last - first + 1];
        await _gateway.ExecuteAsync(
            static async (database, state) =>
            {
                var batch = database.CreateBatch();
                for (var minute = state.first; minute <= state.last; minute++)
                {
                    state.pending[minute - state.first] = batch.HashGetAsync(state.keys.Health(state.key, minute), ["placed", "answered", "short"]);
                }

                batch.Execute();
                await Task.WhenAll(state.pending).ConfigureAwait(false);
                return true;
            },
            (keys: _gateway.Keys, key, first, last, pending),
            cancellationToken).ConfigureAwait(false);
        foreach (var minute in pending)
        {
            var values = minute.Result;
            counts = new CallerIdOutcomeCounts(
                counts.Placed + Count(values[0]),
                counts.Answered + Count(values[1]),
                counts.ShortCalls + Count(values[2]));
        }

        return counts;
    }

    private static long Count(RedisValue value) => value.IsNull ? 0 : (long)value;
}
