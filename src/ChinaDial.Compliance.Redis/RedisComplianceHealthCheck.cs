using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ChinaDial.Compliance.Redis;

/// <summary>
/// Reports whether Redis answers a <c>PING</c> within the adapter's timeout and keeps the shared state across a
/// restart: <see cref="HealthStatus.Healthy"/> with the latency; <see cref="HealthStatus.Degraded"/> when a master
/// holding the state neither persists it (AOF) nor has a replica (an empty restart would forget every limit it held),
/// or when that could not be told; otherwise <see cref="HealthStatus.Unhealthy"/> (fail closed: calls that need Redis
/// are denied) or <see cref="HealthStatus.Degraded"/> (local fallback: nodes decide on their share of each limit).
/// Register it with <c>services.AddHealthChecks().AddCheck&lt;RedisComplianceHealthCheck&gt;("chinadial-redis")</c>.
/// </summary>
public sealed class RedisComplianceHealthCheck : IHealthCheck
{
    private readonly RedisGateway _gateway;
    private readonly RedisDurability? _durability;

    internal RedisComplianceHealthCheck(RedisGateway gateway, RedisDurability? durability = null)
    {
        _gateway = gateway;
        _durability = durability;
    }

    /// <inheritdoc />
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        TimeSpan latency;
        try
        {
            latency = await _gateway.ExecuteAsync(static (database, _) => database.PingAsync(), 0, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (RedisGateway.IsOutage(e))
        {
            var status = _gateway.Options.FailureMode == RedisFailureMode.LocalFallback ? HealthStatus.Degraded : HealthStatus.Unhealthy;
            var consequence = status == HealthStatus.Degraded ? "nodes decide on their share of each limit" : "calls that need Redis are denied with policy_error";
            return new HealthCheckResult(status, $"Redis did not answer within {_gateway.Options.OperationTimeout.TotalMilliseconds} ms: {consequence}.", e);
        }

        var data = new Dictionary<string, object> { ["latency_ms"] = latency.TotalMilliseconds };
        if (_durability is null)
        {
            return HealthCheckResult.Healthy($"Redis answered in {latency.TotalMilliseconds:F1} ms.", data);
        }

        var report = await _durability.CheckAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        data["durability"] = report.ToString();
        return report.IsDurable
            ? HealthCheckResult.Healthy($"Redis answered in {latency.TotalMilliseconds:F1} ms; every master keeps the shared state ({report}).", data)
            : HealthCheckResult.Degraded($"Redis answered in {latency.TotalMilliseconds:F1} ms, but a master holding the shared state neither persists it nor has a replica, or could not be asked ({report}): an empty restart would forget its limits (up to twice each limit in the window around it).", data: data);
    }
}
