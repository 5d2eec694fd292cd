using System.Diagnostics;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ChinaDial.Compliance.Redis.Tests;

/// <summary>Durability made explicit (issue 17): a master that would restart empty is reported, not silent.</summary>
public class RedisDurabilityTests
{
    [Fact]
    public async Task A_server_that_neither_persists_nor_has_a_replica_makes_the_health_check_degraded_and_logs_what_an_empty_restart_would_allow()
    {
        using var server = new RedisServer(["--appendonly", "no"]);
        using var node = new RedisDialerNode(server.Configuration, $"volatile-{Guid.NewGuid():N}");

        var health = await node.HealthCheck.CheckHealthAsync(new HealthCheckContext());

        Assert.Equal(HealthStatus.Degraded, health.Status);
        Assert.Contains("neither persists it nor has a replica", health.Description, StringComparison.Ordinal);
        Assert.Contains($"127.0.0.1:{server.Port}: appendonly no, 0 replica(s)", health.Description, StringComparison.Ordinal);
        await Eventually(() => node.Logs.Lines.Any(line => line.Contains($"Redis 127.0.0.1:{server.Port} holds shared compliance state but neither persists it", StringComparison.Ordinal)));
        var warning = node.Logs.Lines.First(line => line.Contains("neither persists it", StringComparison.Ordinal));
        Assert.Contains("2 x 5 calls of one caller ID in 00:01:00", warning, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_server_with_an_append_only_file_or_with_a_replica_keeps_the_state_and_is_healthy()
    {
        using var persisted = new RedisServer(); // appendonly yes, appendfsync always
        using var primary = new RedisServer(["--appendonly", "no"]);
        using var replica = new RedisServer(["--appendonly", "no", "--replicaof", "127.0.0.1", primary.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        await Eventually(() => RedisCluster.Run(primary, "INFO", "replication").Contains("connected_slaves:1", StringComparison.Ordinal));

        using var onPersisted = new RedisDialerNode(persisted.Configuration, $"aof-{Guid.NewGuid():N}");
        using var onReplicated = new RedisDialerNode(primary.Configuration, $"replicated-{Guid.NewGuid():N}");

        var aof = await onPersisted.HealthCheck.CheckHealthAsync(new HealthCheckContext());
        var replicated = await onReplicated.HealthCheck.CheckHealthAsync(new HealthCheckContext());

        Assert.Equal(HealthStatus.Healthy, aof.Status);
        Assert.Contains($"127.0.0.1:{persisted.Port}: appendonly yes, 0 replica(s)", aof.Description, StringComparison.Ordinal);
        Assert.Equal(HealthStatus.Healthy, replicated.Status);
        Assert.Contains($"127.0.0.1:{primary.Port}: appendonly no, 1 replica(s)", replicated.Description, StringComparison.Ordinal);
        Assert.DoesNotContain(onPersisted.Logs.Lines, line => line.Contains("neither persists", StringComparison.Ordinal));
    }

    private static async Task Eventually(Func<bool> condition)
    {
        var started = Stopwatch.GetTimestamp();
        while (!condition())
        {
            Assert.True(Stopwatch.GetElapsedTime(started) < TimeSpan.FromSeconds(20), "not within 20 s");
            await Task.Delay(50);
        }
    }
}
