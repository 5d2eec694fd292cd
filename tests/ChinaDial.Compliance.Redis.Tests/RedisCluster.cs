using System.Diagnostics;
using System.Globalization;
using StackExchange.Redis;

namespace ChinaDial.Compliance.Redis.Tests;

/// <summary>
/// A real Redis Cluster of the test's own: six <c>redis-server</c> processes with <c>--cluster-enabled yes</c> on free
/// loopback ports, joined by <c>redis-cli --cluster create … --cluster-replicas 1</c> into three masters with a replica
/// each, with a <c>cluster-node-timeout</c> of 1 s (a replica takes over about 1-3 s after its master dies) and
/// <c>cluster-require-full-coverage no</c> (the README's advice: otherwise every master refuses every command with
/// <c>CLUSTERDOWN</c> while one master's slots are not served). No persistence: the replicas keep the state.
/// </summary>
public sealed class RedisCluster : IDisposable
{
    /// <summary>How long a node may be unreachable before the cluster fails it over.</summary>
    public static readonly TimeSpan NodeTimeout = TimeSpan.FromSeconds(1);

    public RedisCluster()
    {
        var cli = FindOnPath("redis-cli")
            ?? throw new InvalidOperationException("redis-cli was not found on PATH. Install it with `apt-get install -y redis-tools` (./eng/test.sh does this when it is missing).");
        try
        {
            for (var i = 0; i < 6; i++)
            {
                Nodes.Add(new RedisServer(
                    ["--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf", "--cluster-node-timeout", ((int)NodeTimeout.TotalMilliseconds).ToString(CultureInfo.InvariantCulture), "--cluster-require-full-coverage", "no", "--appendonly", "no"],
                    RedisServer.FreeClusterPort()));
            }

            var create = new ProcessStartInfo(cli) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            create.ArgumentList.Add("--cluster");
            create.ArgumentList.Add("create");
            foreach (var node in Nodes)
            {
                create.ArgumentList.Add($"127.0.0.1:{node.Port}");
            }

            create.ArgumentList.Add("--cluster-replicas");
            create.ArgumentList.Add("1");
            create.ArgumentList.Add("--cluster-yes");
            using (var process = Process.Start(create)!)
            {
                var output = process.StandardOutput.ReadToEndAsync();
                var errors = process.StandardError.ReadToEndAsync();
                if (!process.WaitForExit(60_000) || process.ExitCode != 0)
                {
                    throw new InvalidOperationException($"redis-cli --cluster create failed: {output.Result} {errors.Result}");
                }
            }

            WaitUntil(() => Nodes.All(node => ClusterInfo(node).Contains("cluster_state:ok", StringComparison.Ordinal)), TimeSpan.FromSeconds(30), "the cluster did not reach cluster_state:ok");
            WaitUntil(() => Masters().Count == 3 && Nodes.Count(node => Role(node) == "slave" && Info(node, "replication").Contains("master_link_status:up", StringComparison.Ordinal)) == 3, TimeSpan.FromSeconds(30), "the replicas did not all sync");
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>The six servers.</summary>
    public List<RedisServer> Nodes { get; } = [];

    /// <summary>A StackExchange.Redis configuration string naming every node.</summary>
    public string Configuration => string.Join(",", Nodes.Select(node => $"127.0.0.1:{node.Port}")) + ",connectTimeout=1000,syncTimeout=2000,asyncTimeout=2000,connectRetry=1";

    /// <summary>The servers that are masters now (by their own <c>INFO replication</c>).</summary>
    public List<RedisServer> Masters() => [.. Nodes.Where(node => Role(node) == "master")];

    /// <summary>The port of the master serving each slot now (0: none), by <c>CLUSTER NODES</c> of a live node.</summary>
    public int[] SlotMasters()
    {
        var masters = new int[16_384];
        foreach (var line in Run(Nodes.First(IsAlive), "CLUSTER", "NODES").Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var fields = line.Split(' ');
            if (!fields[2].Contains("master", StringComparison.Ordinal) || fields[2].Contains("fail", StringComparison.Ordinal))
            {
                continue;
            }

            var port = int.Parse(fields[1].Split(':', '@')[1], CultureInfo.InvariantCulture);
            foreach (var range in fields[8..].Where(r => !r.StartsWith('[')))
            {
                var bounds = range.Split('-');
                for (var slot = int.Parse(bounds[0], CultureInfo.InvariantCulture); slot <= int.Parse(bounds[^1], CultureInfo.InvariantCulture); slot++)
                {
                    masters[slot] = port;
                }
            }
        }

        return masters;
    }

    public void Dispose()
    {
        foreach (var node in Nodes)
        {
            node.Dispose();
        }
    }

    public static string Run(RedisServer node, params string[] command)
    {
        using var connection = ConnectionMultiplexer.Connect($"127.0.0.1:{node.Port},connectTimeout=1000,syncTimeout=2000,abortConnect=false,allowAdmin=true");
        var server = connection.GetServer($"127.0.0.1:{node.Port}");
        return server.Execute(command[0], command[1..]).ToString();
    }

    private static string ClusterInfo(RedisServer node) => Run(node, "CLUSTER", "INFO");

    private static string Info(RedisServer node, string section) => Run(node, "INFO", section);

    private static string? Role(RedisServer node)
    {
        if (!IsAlive(node))
        {
            return null;
        }

        var line = Info(node, "replication").Split('\n').FirstOrDefault(l => l.StartsWith("role:", StringComparison.Ordinal));
        return line?["role:".Length..].Trim();
    }

    private static bool IsAlive(RedisServer node)
    {
        try
        {
            return Run(node, "PING") == "PONG";
        }
        catch (RedisException)
        {
            return false;
        }
    }

    private static void WaitUntil(Func<bool> condition, TimeSpan limit, string failure)
    {
        var waited = Stopwatch.GetTimestamp();
        while (!condition())
        {
            if (Stopwatch.GetElapsedTime(waited) > limit)
            {
                throw new InvalidOperationException(failure);
            }

            Thread.Sleep(100);
        }
    }

    private static string? FindOnPath(string name)
        => (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, name))
            .FirstOrDefault(File.Exists);
}
