using System;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ChinaDial.Compliance.Samples.ClickToDial;

/// <summary>The body of <c>POST /callbacks</c>.</summary>
/// <param name="Number">The number to call back, in E.164 (e.g. <c>+8613800138000</c>).</param>
public sealed record CallbackRequestBody(string? Number);

/// <summary>The body of <c>POST /contact-events</c>: Connect reports that a placed callback ended.</summary>
/// <param name="ContactId">The contact id Connect returned.</param>
/// <param name="Answered">Whether the callee answered.</param>
/// <param name="DurationSeconds">How long the call lasted.</param>
public sealed record ContactEndedBody(string? ContactId, bool Answered, double DurationSeconds);

/// <summary>The HTTP endpoints of the sample.</summary>
internal sealed class CallbackEndpoints(
    ClickToDialGuard guard,
    CallbackQueue queue,
    InFlightCalls inFlight,
    SampleOptions sample,
    ILogger<CallbackEndpoints> logger)
{
    /// <summary>The one answer to an accepted and to a shadow-accepted request: same status, same bytes.</summary>
    internal const string CallbackRequestedJson = """{"status":"callback_requested"}""";

    private static readonly IResult CallbackRequested =
        Results.Text(CallbackRequestedJson, "application/json", Encoding.UTF8, StatusCodes.Status202Accepted);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly byte[] _sessionToken = Encoding.UTF8.GetBytes(sample.SessionToken);

    /// <summary><c>POST /callbacks</c>.</summary>
    public async Task<IResult> RequestCallbackAsync(HttpContext context)
    {
        var body = await ReadAsync<CallbackRequestBody>(context).ConfigureAwait(false);
        var number = body?.Number;
        var request = new ClickToDialRequest(number, ClientIp(context), IsSignedIn(context));
        var result = await guard.EvaluateAsync(request, context.RequestAborted).ConfigureAwait(false);
        var masked = Log.Mask(number);
        switch (result.Outcome)
        {
            case ClickToDialOutcome.Accepted:
                if (queue.TryEnqueue(new AcceptedCallback(number!, result.CallbackId)))
                {
                    Log.Accepted(logger, masked);
                }
                else
                {
                    Log.QueueFull(logger, masked);
                    await guard.CompleteCallbackAsync(number!, result.CallbackId, CancellationToken.None).ConfigureAwait(false);
                }

                return CallbackRequested;

            case ClickToDialOutcome.ShadowAccepted:
                // Never tell a prober what was detected: the reasons go to the log only.
                Log.ShadowAccepted(logger, masked, result.Reasons.ToString());
                return CallbackRequested;

            case ClickToDialOutcome.Deflected:
                Log.Deflected(logger, masked, result.Channel);
                return Results.Json(new { status = "deflected", channel = result.Channel }, Json);

            default:
                Log.Rejected(logger, masked, result.Reasons.ToString());
                return Results.Json(new { status = "rejected", reason = result.Reasons.ToString() }, Json, statusCode: StatusCodes.Status400BadRequest);
        }
    }

    /// <summary><c>POST /contact-events</c>: the stand-in for Connect's contact events (EventBridge): completes the ticket
    /// with the outcome, which frees the caller ID's concurrency slot and feeds caller-ID health, and frees the number's
    /// pending-callback slot.</summary>
    public async Task<IResult> ContactEndedAsync(HttpContext context)
    {
        var body = await ReadAsync<ContactEndedBody>(context).ConfigureAwait(false);
        if (body?.ContactId is not { } contactId || !double.IsFinite(body.DurationSeconds) || body.DurationSeconds < 0)
        {
            return Results.BadRequest();
        }

        if (!inFlight.TryRemove(contactId, out var callback, out var ticket))
        {
            return Results.NotFound();
        }

        var duration = TimeSpan.FromSeconds(body.DurationSeconds);
        ticket?.Complete(new CallOutcome(body.Answered, duration));
        await guard.CompleteCallbackAsync(callback.Destination, callback.CallbackId, CancellationToken.None).ConfigureAwait(false);
        Log.ContactEnded(logger, contactId, Log.Mask(callback.Destination), body.Answered, duration);
        return Results.NoContent();
    }

    private static async Task<T?> ReadAsync<T>(HttpContext context)
        where T : class
    {
        try
        {
            return await context.Request.ReadFromJsonAsync<T>(Json, context.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            // Not JSON, or not JSON content: judged as a request without a number.
            return null;
        }
    }

    // After UseForwardedHeaders (only when Sample:TrustedProxies is set) this is the X-Forwarded-For client.
    private static string? ClientIp(HttpContext context)
    {
        var ip = context.Connection.RemoteIpAddress;
        return ip is null ? null : (ip.IsIPv4MappedToIPv6 ? ip.MapToIPv4() : ip).ToString();
    }

    // The stand-in for your authentication: replace with context.User.Identity?.IsAuthenticated == true.
    private bool IsSignedIn(HttpContext context)
    {
        if (context.User.Identity?.IsAuthenticated == true)
        {
            return true;
        }

        var presented = context.Request.Headers[sample.SessionHeader].ToString();
        return _sessionToken.Length > 0
            && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), _sessionToken);
    }
}
