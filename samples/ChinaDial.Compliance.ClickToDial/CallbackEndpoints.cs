using System;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using ChinaDial.Compliance.Connect;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ChinaDial.Compliance.Samples.ClickToDial;

/// <summary>The body of <c>POST /callbacks</c>.</summary>
/// <param name="Number">The number to call back, in E.164 (e.g. <c>+8613800138000</c>).</param>
public sealed record CallbackRequestBody(string? Number);

/// <summary>The HTTP endpoints of the sample.</summary>
internal sealed class CallbackEndpoints(
    ClickToDialGuard guard,
    CallbackQueue queue,
    InFlightCalls inFlight,
    ConnectContactRegistry contacts,
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

    /// <summary><c>POST /contact-events</c>: an EventBridge "Amazon Connect Contact Event" (e.g. relayed from the SQS
    /// queue of an EventBridge rule, see the Connect README). A final event (<c>DISCONNECTED</c>) completes the ticket
    /// through the <see cref="ConnectContactRegistry"/> (answered, duration: caller-ID health and the concurrency slot)
    /// and frees the number's pending-callback slot. Other events are acknowledged and change nothing.</summary>
    public async Task<IResult> ContactEndedAsync(HttpContext context)
    {
        string json;
        using (var reader = new System.IO.StreamReader(context.Request.Body, Encoding.UTF8))
        {
            json = await reader.ReadToEndAsync(context.RequestAborted).ConfigureAwait(false);
        }

        if (!ConnectContactOutcomes.TryParseContactEvent(json, out var outcome, out var error))
        {
            Log.ContactEventRefused(logger, error);
            return Results.BadRequest();
        }

        if (!outcome.IsFinal)
        {
            return Results.NoContent();
        }

        if (!inFlight.TryRemove(outcome.ContactId, out var callback))
        {
            return Results.NotFound();
        }

        var applied = contacts.Apply(outcome);
        await guard.CompleteCallbackAsync(callback.Destination, callback.CallbackId, CancellationToken.None).ConfigureAwait(false);
        Log.ContactEnded(logger, outcome.ContactId, Log.Mask(callback.Destination), outcome.Answered, outcome.Duration, applied.ToString());
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
