using System.Net.Http;
using System.Text;
using System.Text.Json;
using ChinaDial.Compliance.Connect.Tests;
using ChinaDial.Compliance.Samples.ClickToDial;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace ChinaDial.Compliance.Samples.Tests;

/// <summary>The click-to-dial sample started for real (Kestrel on 127.0.0.1, a free port), with its own settings file,
/// its Connect endpoint pointed at a loopback <see cref="FakeConnectServer"/>, and a fake clock inside the calling window.</summary>
internal sealed class ClickToDialSampleHost : IAsyncDisposable
{
    public const string SessionHeader = "X-Demo-Session";
    public const string SessionToken = "demo-session";

    // 10:00 in Shanghai: inside the default calling window of +86 callees.
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 2, 0, 0, TimeSpan.Zero);

    private ClickToDialSampleHost(FakeConnectServer connect, WebApplication app, HttpClient client, FakeTimeProvider time, CapturingLoggerProvider logs)
    {
        Connect = connect;
        App = app;
        Client = client;
        Time = time;
        Logs = logs;
    }

    public FakeConnectServer Connect { get; }

    public WebApplication App { get; }

    public HttpClient Client { get; }

    public FakeTimeProvider Time { get; }

    public CapturingLoggerProvider Logs { get; }

    public static async Task<ClickToDialSampleHost> StartAsync(params string[] extraArgs)
    {
        var connect = new FakeConnectServer();
        var time = new FakeTimeProvider(Now);
        var logs = new CapturingLoggerProvider();
        string[] args =
        [
            "--contentRoot", Path.Combine(RepositoryRoot.Path, "samples", "ChinaDial.Compliance.ClickToDial"),
            "--urls", "http://127.0.0.1:0",
            "--Logging:LogLevel:Default", "Debug",
            "--Connect:Endpoint", connect.Endpoint.ToString(),
            "--Connect:AccessKeyId", "AKIDEXAMPLE",
            "--Connect:SecretAccessKey", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
            .. extraArgs,
        ];
        var app = ClickToDialApp.Build(args, builder =>
        {
            builder.Services.AddSingleton<TimeProvider>(time);
            builder.Logging.AddProvider(logs);
        });
        await app.StartAsync();
        var client = new HttpClient { BaseAddress = new Uri(app.Urls.Single()), Timeout = TimeSpan.FromSeconds(30) };
        return new ClickToDialSampleHost(connect, app, client, time, logs);
    }

    /// <summary>POST /callbacks as a signed-in visitor (or not).</summary>
    public async Task<SampleResponse> RequestCallbackAsync(string? number, bool signedIn = true)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/callbacks")
        {
            Content = new StringContent(JsonSerializer.Serialize(new { number }), Encoding.UTF8, "application/json"),
        };
        if (signedIn)
        {
            request.Headers.Add(SessionHeader, SessionToken);
        }

        return await SendAsync(request);
    }

    /// <summary>POST /contact-events with the EventBridge contact event of the contact's end.</summary>
    public async Task<SampleResponse> ReportContactEndedAsync(string contactId, bool answered, double durationSeconds)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/contact-events")
        {
            Content = new StringContent(ContactEventJson.Disconnected(contactId, answered, TimeSpan.FromSeconds(durationSeconds), Time.GetUtcNow()), Encoding.UTF8, "application/json"),
        };
        return await SendAsync(request);
    }

    /// <summary>POST /contact-events with <paramref name="json"/> as it is.</summary>
    public async Task<SampleResponse> PostContactEventAsync(string json)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/contact-events") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        return await SendAsync(request);
    }

    /// <summary>Waits until the fake Connect endpoint has received <paramref name="count"/> requests in all.</summary>
    public async Task<IReadOnlyList<ReceivedRequest>> WaitForConnectRequestsAsync(int count)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (Connect.Requests.Count < count)
        {
            Assert.True(DateTime.UtcNow < deadline, $"Connect received {Connect.Requests.Count} requests, expected {count}.");
            await Task.Delay(10);
        }

        return Connect.Requests.ToArray();
    }

    public static string Destination(ReceivedRequest request)
    {
        using var body = JsonDocument.Parse(request.Body);
        return body.RootElement.GetProperty("DestinationPhoneNumber").GetString()!;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        await Connect.DisposeAsync();
    }

    private async Task<SampleResponse> SendAsync(HttpRequestMessage request)
    {
        using var response = await Client.SendAsync(request);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        return new SampleResponse((int)response.StatusCode, response.Content.Headers.ContentType?.ToString(), bytes);
    }
}

/// <summary>What the sample answered: status, content type and the exact body bytes.</summary>
internal sealed record SampleResponse(int Status, string? ContentType, byte[] Body)
{
    public string Text => Encoding.UTF8.GetString(Body);

    public JsonElement Json => JsonDocument.Parse(Body).RootElement;
}
