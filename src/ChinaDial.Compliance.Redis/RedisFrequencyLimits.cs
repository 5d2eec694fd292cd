using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using StackExchange.Redis;

namespace ChinaDial.Compliance.Redis;

/// <summary>The destination frequency caps shared by every node: per callee and per caller-ID/callee pair, each over
/// its sliding windows, decided together by one script run (both keys share the callee's hash slot).</summary>
internal sealed class RedisFrequencyLimits
{
    private readonly RedisGateway _gateway;
    private readonly RedisSlidingLog? _both;
    private readonly RedisSlidingLog? _calleeOnly;
    private readonly RedisSlidingLog? _pairOnly;

    public RedisFrequencyLimits(RedisGateway gateway, DestinationFrequencyOptions options)
    {
        _gateway = gateway;
        var callee = options.PerDestination.ToArray();
        var pair = options.PerCallerIdAndDestination.ToArray();
        if (callee.Length > 0)
        {
            _calleeOnly = new RedisSlidingLog(gateway, [callee]);
        }

        if (pair.Length > 0)
        {
            _pairOnly = new RedisSlidingLog(gateway, [pair]);
        }

        if (callee.Length > 0 && pair.Length > 0)
        {
            _both = new RedisSlidingLog(gateway, [callee, pair]);
        }
    }

    /// <summary>The log of callee and pair together (round trips, for tests).</summary>
    public RedisSlidingLog? Both => _both;

    /// <summary>Decides the call of <paramref name="context"/> (a parsed destination).</summary>
    public Task<PolicyResult> DecideAsync(CallContext context, long deadline, CancellationToken cancellationToken)
    {
        var callerId = context.CallerId.IsParsed ? context.CallerId.Key : 0;
        var callee = context.Destination.Key;
        var (calleeKey, pairKey) = _gateway.Keys.DestinationFrequency(callerId, callee);
        RedisSlidingLog log;
        RedisKey[] keys;
        if (callerId != 0 && _both is not null)
        {
            (log, keys) = (_both, [calleeKey, pairKey]);
        }
        else if (_calleeOnly is not null)
        {
            (log, keys) = (_calleeOnly, [calleeKey]);
        }
        else if (callerId != 0 && _pairOnly is not null)
        {
            (log, keys) = (_pairOnly, [pairKey]);
        }
        else
        {
            return Task.FromResult(PolicyResult.Allow());
        }

        return log.AcquireAsync(KeyMixer.Mix(callerId) ^ callee, keys, context.Instant.UtcTicks, ReasonCode.DestinationFrequencyExceeded, deadline, cancellationToken);
    }
}
