using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ChinaDial.Compliance.Tests.Redis;

/// <summary>
/// A real <c>redis-server</c> process of the test's own: a free loopback port, a temporary directory, append-only file
/// with fsync on every write (so an acknowledged write survives SIGKILL). Can be killed, restarted, paused (SIGSTOP) and
/// resumed (SIGCONT).
/// </summary>
public sealed class RedisServer : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("chinadial-redis-").FullName;
    private readonly string[] _arguments;
    private Process? _process;

    public RedisServer()
        : this([])
    {
    }

    /// <param name="arguments">More <c>redis-server</c> options, after (so over) the defaults, e.g. <c>--appendonly no</c>.</param>
    /// <param name="port">The port (0: a free one).</param>
    internal RedisServer(string[] arguments, int port = 0)
    {
        _arguments = arguments;
        Port = port == 0 ? FreePort() : port;
        Start();
    }

    public int Port { get; }

    /// <summary>The process id (for a SIGKILL by PID).</summary>
    public int ProcessId => _process!.Id;

    /// <summary>A StackExchange.Redis configuration string for this server.</summary>
    public string Configuration => $"127.0.0.1:{Port},connectTimeout=1000,syncTimeout=2000,asyncTimeout=2000,connectRetry=1";

    public void Start()
    {
        var path = FindExecutable()
            ?? throw new InvalidOperationException("redis-server was not found on PATH. Install it with `apt-get install -y redis-server` (./eng/test.sh does this when it is missing).");
        var start = new ProcessStartInfo(path)
        {
            ArgumentList =
            {
                "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--dir", _directory,
                "--save", "", "--appendonly", "yes", "--appendfsync", "always", "--daemonize", "no", "--protected-mode", "no",
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in _arguments)
        {
            start.ArgumentList.Add(argument);
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start.");
        _process.OutputDataReceived += static (_, _) => { };
        _process.ErrorDataReceived += static (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var deadline = Stopwatch.StartNew();
        while (!Pings())
        {
            if (_process.HasExited || deadline.Elapsed > TimeSpan.FromSeconds(10))
            {
                throw new InvalidOperationException($"redis-server did not answer on port {Port} within 10 s.");
            }

            Thread.Sleep(20);
        }
    }

    /// <summary>SIGKILL: the process dies at once, sockets close.</summary>
    public void Kill()
    {
        _process?.Kill();
        _process?.WaitForExit();
    }

    /// <summary>SIGSTOP: the process hangs, sockets stay open, nothing answers.</summary>
    public void Pause() => Signal("STOP");

    /// <summary>SIGCONT.</summary>
    public void Resume() => Signal("CONT");

    public void Dispose()
    {
        try
        {
            if (_process is { HasExited: false })
            {
                Resume();
                Kill();
            }
        }
        finally
        {
            _process?.Dispose();
            Directory.Delete(_directory, recursive: true);
        }
    }

    private void Signal(string signal)
    {
        using var kill = Process.Start("kill", $"-{signal} {_process!.Id}");
        kill.WaitForExit();
    }

    private bool Pings()
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, Port);
            var stream = client.GetStream();
            stream.Write("PING\r\n"u8);
            var buffer = new byte[16];
            var read = stream.Read(buffer);
            return Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal);
        }
        catch (SocketException)
        {
            return false;
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static string? FindExecutable()
        => (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, "redis-server"))
            .FirstOrDefault(File.Exists);

    /// <summary>A free loopback port whose cluster bus port (+10,000) is free too.</summary>
    public static int FreeClusterPort()
    {
        while (true)
        {
            var port = FreePort();
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

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
