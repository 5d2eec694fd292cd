using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading;

namespace ChinaDial.Compliance.RedisLoad;

/// <summary>redis-server processes of the run's own on free loopback ports: one server, or a cluster of three masters
/// with a replica each (<c>redis-cli --cluster create</c>, <c>cluster-node-timeout</c> 1 s,
/// <c>cluster-require-full-coverage no</c>). No persistence; every process is killed at the end.</summary>
internal sealed class LocalRedis : IDisposable
{
    private readonly List<(Process Process, string Directory)> _servers = [];

    private LocalRedis()
    {
    }

    /// <summary>The StackExchange.Redis configuration string naming every node.</summary>
    public string Configuration { get; private set; } = "";

    public static LocalRedis Server()
    {
        var redis = new LocalRedis();
        var port = FreePort(cluster: false);
        redis.Start(port, []);
        redis.Configuration = $"127.0.0.1:{port}";
        return redis;
    }

    public static LocalRedis Cluster()
    {
        var redis = new LocalRedis();
        var ports = Enumerable.Range(0, 6).Select(_ => FreePort(cluster: true)).ToArray();
        foreach (var port in ports)
        {
            redis.Start(port, ["--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf", "--cluster-node-timeout", "1000", "--cluster-require-full-coverage", "no"]);
        }

        var create = new ProcessStartInfo("redis-cli") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "--cluster", "create" }.Concat(ports.Select(p => $"127.0.0.1:{p}")).Concat(["--cluster-replicas", "1", "--cluster-yes"]))
        {
            create.ArgumentList.Add(argument);
        }

        using (var process = Process.Start(create) ?? throw new InvalidOperationException("redis-cli did not start (apt-get install redis-tools)."))
        {
            process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException("redis-cli --cluster create failed: " + process.StandardError.ReadToEnd());
            }
        }

        Thread.Sleep(3_000); // gossip settles, replicas sync
        redis.Configuration = string.Join(",", ports.Select(p => $"127.0.0.1:{p}"));
        return redis;
    }

    public void Dispose()
    {
        foreach (var (process, directory) in _servers)
        {
            try
            {
                process.Kill();
                process.WaitForExit();
            }
            catch (InvalidOperationException)
            {
            }

            process.Dispose();
            Directory.Delete(directory, recursive: true);
        }
    }

    private void Start(int port, string[] arguments)
    {
        var directory = Directory.CreateTempSubdirectory("chinadial-load-").FullName;
        var start = new ProcessStartInfo("redis-server") { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in new[] { "--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--dir", directory, "--save", "", "--appendonly", "no" }.Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start (apt-get install redis-server).");
        process.OutputDataReceived += static (_, _) => { };
        process.BeginOutputReadLine();
        _servers.Add((process, directory));
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                using var client = new TcpClient();
                client.Connect(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException) when (attempt < 200)
            {
                Thread.Sleep(25);
            }
        }
    }

    private static int FreePort(bool cluster)
    {
        while (true)
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            if (!cluster)
            {
                return port;
            }

            if (port + 10_000 > 65_535)
            {
                continue;
            }

            try
            {
                using var bus = new TcpListener(IPAddress.Loopback, port + 10_000);
                bus.Start();
                return port;
            }
            catch (SocketException)
            {
            }
        }
    }
}
