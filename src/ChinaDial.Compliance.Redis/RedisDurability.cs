using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace ChinaDial.Compliance.Redis;

/// <summary>
/// Whether the Redis masters that hold the shared state would keep it across a restart: each persists it
/// (<c>aof_enabled:1</c> in <c>INFO persistence</c>) or has a replica to fail over to (<c>connected_slaves</c> in
/// <c>INFO replication</c>). A master with neither that restarts empty forgets every limit it held: the health check
/// then reports <c>Degraded</c>, and a warning says what such a restart would allow. Checked when the adapter starts
/// (with the scripts loaded on every master, so that the first decisions do not pay for loading them) and again by
/// the health check, at most once a minute, and after the connection saw a failure or a new configuration.
/// </summary>
internal sealed class RedisDurability
{
    private const string InfoScript = "return redis.call('INFO', ARGV[1])";
    private static readonly long RecheckAfter = Stopwatch.Frequency * 60;
    private static readonly RedisScript[] Scripts = [SlidingLogScript.Acquire, SlidingLogScript.Release, CallerIdScript.Decide, CallerIdScript.Release, CallerIdScript.Quarantine, RedisClickToDialRequestCounter.Count];
    private readonly RedisGateway _gateway;
    private readonly ILogger? _logger;
    private readonly CallerIdRateOptions _rate;
    private readonly object _gate = new();
    private Task<DurabilityReport>? _last;
    private long _checkedAt;
    private bool _stale;
    private string? _warned;

    public RedisDurability(RedisGateway gateway, CallerIdRateOptions rate, ILogger? logger)
    {
        _gateway = gateway;
        _rate = rate;
        _logger = logger;

        // A failover or a new node changes which masters hold the state: check again at the next health check.
        gateway.Connection.ConnectionFailed += (_, _) => Invalidate();
        gateway.Connection.ConnectionRestored += (_, _) => Invalidate();
        gateway.Connection.ConfigurationChanged += (_, _) => Invalidate();
    }

    /// <summary>Starts the first check in the background (once the connection is up).</summary>
    public void Start() => _ = CheckAsync();

    /// <summary>The latest report, checked again when it is older than a minute.</summary>
    public Task<DurabilityReport> CheckAsync()
    {
        lock (_gate)
        {
            var now = Stopwatch.GetTimestamp();
            if (_last is null || (_last.IsCompleted && (_stale || now - _checkedAt > RecheckAfter)) || _last is { IsCompleted: true, Result.Servers.Count: 0 })
            {
                _checkedAt = now;
                _stale = false;
                _last = Task.Run(CheckNowAsync);
            }

            return _last;
        }
    }

    private void Invalidate()
    {
        lock (_gate)
        {
            _stale = true;
        }
    }

    private async Task<DurabilityReport> CheckNowAsync()
    {
        var servers = new List<ServerDurability>();
        try
        {
            foreach (var endPoint in _gateway.Connection.GetEndPoints())
            {
                var server = _gateway.Connection.GetServer(endPoint);
                if (!server.IsConnected || server.IsReplica)
                {
                    continue;
                }

                servers.Add(await CheckAsync(server).ConfigureAwait(false));
            }
        }
#pragma warning disable CA1031 // An unanswered check is reported (Degraded, unknown), never thrown.
        catch (Exception e)
#pragma warning restore CA1031
        {
            servers.Add(new ServerDurability("(all)", null, 0, e.Message));
        }

        var report = new DurabilityReport(servers);
        Report(report);
        return report;
    }

    private static async Task<ServerDurability> CheckAsync(IServer server)
    {
        var name = Format(server.EndPoint);
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            // INFO through a script: StackExchange.Redis sends INFO itself only on connections in admin mode.
            var persistence = (string?)await server.ExecuteAsync("EVAL", InfoScript, 0, "persistence").WaitAsync(timeout.Token).ConfigureAwait(false);
            var replication = (string?)await server.ExecuteAsync("EVAL", InfoScript, 0, "replication").WaitAsync(timeout.Token).ConfigureAwait(false);
            var aof = Value(persistence, "aof_enabled");
            var replicas = Value(replication, "connected_slaves");
            foreach (var script in Scripts)
            {
                await script.LoadAsync(server).WaitAsync(timeout.Token).ConfigureAwait(false);
            }

            return aof is null || replicas is null
                ? new ServerDurability(name, null, 0, "INFO did not report aof_enabled and connected_slaves")
                : new ServerDurability(name, aof == "1", int.Parse(replicas, CultureInfo.InvariantCulture), null);
        }
#pragma warning disable CA1031 // Reported as unknown.
        catch (Exception e)
#pragma warning restore CA1031
        {
            return new ServerDurability(name, null, 0, e.Message);
        }
    }

    private void Report(DurabilityReport report)
    {
        if (_logger is null)
        {
            return;
        }

        var summary = report.ToString();
        if (summary == Volatile.Read(ref _warned))
        {
            return; // said already
        }

        Volatile.Write(ref _warned, summary);
        foreach (var server in report.Servers)
        {
            if (server.Error is { } error)
            {
                Log.DurabilityUnknown(_logger, server.Server, error);
            }
            else if (!server.IsDurable)
            {
                Log.NotDurable(_logger, server.Server, _rate.Limit, _rate.Window);
            }
            else
            {
                Log.Durable(_logger, server.Server, server.AppendOnly == true, server.Replicas);
            }
        }
    }

    /// <summary>The value of <paramref name="key"/> in the text of an <c>INFO</c> section (<c>key:value</c> lines).</summary>
    private static string? Value(string? info, string key)
    {
        foreach (var line in (info ?? "").Split('\n'))
        {
            if (line.StartsWith(key, StringComparison.Ordinal) && line.Length > key.Length && line[key.Length] == ':')
            {
                return line[(key.Length + 1)..].Trim();
            }
        }

        return null;
    }

    private static string Format(EndPoint endPoint) => endPoint switch
    {
        IPEndPoint ip => ip.ToString(),
        DnsEndPoint dns => $"{dns.Host}:{dns.Port}",
        _ => endPoint.ToString() ?? "?",
    };
}

/// <summary>What one master said about keeping the shared state.</summary>
/// <param name="Server">The endpoint.</param>
/// <param name="AppendOnly">Whether it persists with an append-only file; <see langword="null"/> when unknown.</param>
/// <param name="Replicas">Its connected replicas.</param>
/// <param name="Error">Why it could not be told; <see langword="null"/> when it could.</param>
internal sealed record ServerDurability(string Server, bool? AppendOnly, int Replicas, string? Error)
{
    /// <summary>Whether an empty restart cannot lose its state (it persists it, or a replica takes over).</summary>
    public bool IsDurable => Error is null && (AppendOnly == true || Replicas > 0);
}

/// <summary>The masters holding the shared state, and whether each would keep it across a restart.</summary>
internal sealed record DurabilityReport(IReadOnlyList<ServerDurability> Servers)
{
    /// <summary>Whether every master was checked and keeps the state (false while none could be reached).</summary>
    public bool IsDurable => Servers.Count > 0 && Servers.All(server => server.IsDurable);

    public override string ToString()
        => Servers.Count == 0 ? "no master reached" : string.Join("; ", Servers.Select(s => s.Error is { } e ? $"{s.Server}: unknown ({e})" : $"{s.Server}: appendonly {(s.AppendOnly == true ? "yes" : "no")}, {s.Replicas} replica(s)"));
}
