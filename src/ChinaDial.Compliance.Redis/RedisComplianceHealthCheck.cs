using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ChinaDial.Compliance.Redis;

/// <summary>
/// Reports whether Redis answers a <c>PING</c> within the adapter's timeout: <see cref="HealthStatus.Healthy"/> with the
/// latency, otherwise <see cref="HealthStatus.Unhealthy"/> (fail-closed: calls that need Redis are denied) or
/// <see cref="HealthStatus.Degraded"/> (local fallback: nodes decide on their share of each limit). Register it with
/// <c>services.AddHealthChecks().AddCheck&lt;RedisComplianceHealthCheck&gt;("chinadial-redis")</c>.
/// </summary>
public sealed class RedisComplianceHealthCheck : IHealthCheck
{
    private readonly RedisGateway _gateway;

    internal RedisComplianceHealthCheck(RedisGateway gateway) => _gateway = gateway;

    /// <inheritdoc />
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var latency = await _gateway.ExecuteAsync(static (database, _) => database.PingAsync(), 0, cancellationToken).ConfigureAwait(false);
            return HealthCheckResult.Healthy($"Redis answered in {latency.TotalMilliseconds:F1} ms.", new Dictionary<string, object> { ["latency_ms"] = latency.TotalMilliseconds });
        }
        catch (Exception e) when (RedisGateway.IsOutage(e))
        {
            var status = _gateway.Options.FailureMode == RedisFailureMode.LocalFallback ? HealthStatus.Degraded : HealthStatus.Unhealthy;
            var consequence = status == HealthStatus.Degraded ? "nodes decide on their share of each limit" : "calls that need Redis are denied with policy_error";
            return new HealthCheckResult(status, $"Redis did not answer within {_gateway.Options.OperationTimeout.TotalMilliseconds} ms: {consequence}.", e);
        }
    }
}
