using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ChinaDial.Compliance.Tests.Connect;

/// <summary>One request the fake Connect endpoint received.</summary>
internal sealed record ReceivedRequest(string Method, string Path, string Body, IReadOnlyDictionary<string, string> Headers);

/// <summary>A loopback HTTP server (127.0.0.1, free port) imitating <c>PUT /contact/outbound-voice</c>: answers with the
/// scripted statuses in order, then 200 with a contact id.</summary>
internal sealed class FakeConnectServer : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ConcurrentQueue<int> _script = new();
    private readonly Task _loop;
    private int _contacts;

    public FakeConnectServer(params int[] statuses)
    {
        foreach (var status in statuses)
        {
            _script.Enqueue(status);
        }

        Port = FreePort();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    public int Port { get; }

    public Uri Endpoint => new($"http://127.0.0.1:{Port}");

    public ConcurrentQueue<ReceivedRequest> Requests { get; } = new();

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            var headers = context.Request.Headers.AllKeys.Where(k => k is not null).ToDictionary(k => k!, k => context.Request.Headers[k]!, StringComparer.OrdinalIgnoreCase);
            Requests.Enqueue(new ReceivedRequest(context.Request.HttpMethod, context.Request.Url!.AbsolutePath, body, headers));

            var status = _script.TryDequeue(out var scripted) ? scripted : 200;
            context.Response.StatusCode = status;
            context.Response.ContentType = "application/json";
            string answer;
            if (status == 200)
            {
                answer = $"{{\"ContactId\":\"contact-{Interlocked.Increment(ref _contacts)}\"}}";
            }
            else
            {
                var type = status switch { 429 => "TooManyRequestsException", 400 => "InvalidParameterException", _ => "InternalServiceException" };
                context.Response.Headers["x-amzn-ErrorType"] = type;
                answer = $"{{\"Message\":\"{type}\"}}";
            }

            var bytes = Encoding.UTF8.GetBytes(answer);
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _loop;
    }
}
