using System;
using System.Threading.Tasks;
using StackExchange.Redis;

namespace ChinaDial.Compliance.Redis;

/// <summary><see cref="SlidingLogScript.Acquire"/> for a batch: one string key per log, the same keys per decision
/// (a callee's, a pair's). One answer per decision: the instant admitted at, or minus the instant it would be.</summary>
/// <param name="arguments">The script's arguments (TTL and caps), the same for every run.</param>
/// <param name="keysPerDecision">The keys of one decision.</param>
internal sealed class KeyedLogScript(RedisValue[] arguments, int keysPerDecision) : BatchScript
{
    public override int AnswersPerDecision => 1;

    public override Task<RedisResult> Send(IDatabase database, RedisKey[]? hash, PendingDecision[] run)
    {
        var keys = new RedisKey[run.Length * keysPerDecision];
        for (var d = 0; d < run.Length; d++)
        {
            run[d].Keys.CopyTo(keys, d * keysPerDecision);
        }

        return SlidingLogScript.Acquire.EvaluateAsync(database, keys, arguments);
    }

    public override bool Admitted(in BatchAnswer answer) => answer.First > 0;

    public override void GiveBack(IDatabase database, RedisKey[]? hash, RedisKey[] keys, in BatchAnswer answer)
        => SlidingLogScript.Release.Send(database, keys, [answer.First]);
}

/// <summary><see cref="CallerIdScript.Decide"/> for a batch: the decisions' "keys" name one field each (the caller ID's
/// keyed hash) in the hash of their slot. Three answers per decision: rate, calls in progress, quarantine.</summary>
/// <param name="arguments">The script's arguments before the decisions' (TTL, rate, cap, hold, enforce bits).</param>
/// <param name="hashOfSlot">The hash of a slot (-1: a server that is not a cluster).</param>
internal sealed class CallerIdStateScript(RedisValue[] arguments, Func<int, RedisKey> hashOfSlot) : BatchScript
{
    public override int AnswersPerDecision => 3;

    public override Func<int, RedisKey>? HashOfSlot => hashOfSlot;

    public override Task<RedisResult> Send(IDatabase database, RedisKey[]? hash, PendingDecision[] run)
    {
        var values = new RedisValue[arguments.Length + (2 * run.Length)];
        arguments.CopyTo(values, 0);
        for (var d = 0; d < run.Length; d++)
        {
            values[arguments.Length + (2 * d)] = (string?)run[d].Keys[0];
            values[arguments.Length + (2 * d) + 1] = run[d].Extra;
        }

        return CallerIdScript.Decide.EvaluateAsync(database, hash!, values);
    }

    public override bool Admitted(in BatchAnswer answer) => answer.First > 0 || answer.Second > 0;

    public override void GiveBack(IDatabase database, RedisKey[]? hash, RedisKey[] keys, in BatchAnswer answer)
        => CallerIdScript.Release.Send(database, hash!, [(string?)keys[0], Math.Max(0, answer.First), Math.Max(0, answer.Second)]);
}
