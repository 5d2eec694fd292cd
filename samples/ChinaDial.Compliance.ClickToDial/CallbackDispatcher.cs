using System;
using System.Threading;
using System.Threading.Tasks;
using ChinaDial.Compliance.Connect;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ChinaDial.Compliance.Samples.ClickToDial;

/// <summary>Places accepted callbacks through the guarded Connect sender: the evaluator decides (caller ID, calling hours,
/// rate, frequency) before anything reaches Connect.</summary>
internal sealed class CallbackDispatcher(
    CallbackQueue queue,
    InFlightCalls inFlight,
    ClickToDialGuard guard,
    GuardedConnectSender sender,
    ConnectSampleOptions connect,
    SampleOptions sample,
    TimeProvider time,
    ILogger<CallbackDispatcher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var callback in queue.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
        {
            await DispatchAsync(callback, stoppingToken).ConfigureAwait(false);
        }
    }

    private async Task DispatchAsync(AcceptedCallback callback, CancellationToken cancellationToken)
    {
        var request = new StartOutboundVoiceContactRequest(connect.InstanceId, connect.ContactFlowId, callback.Destination)
        {
            SourcePhoneNumber = connect.SourcePhoneNumber,
            Purpose = CallPurpose.Callback,
            ClientToken = callback.CallbackId.ToString("D"),
        };
        var result = await sender.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var masked = Log.Mask(callback.Destination);
        switch (result.Status)
        {
            case ConnectSendStatus.Sent:
                // The pending slot stays held (no second callback to this number) until Connect reports the end; the
                // sender registered the ticket with the ConnectContactRegistry for POST /contact-events.
                inFlight.Add(result.ContactId!, callback);
                Log.Placed(logger, masked, result.ContactId);
                break;

            case ConnectSendStatus.Deferred when result.NotBefore - time.GetUtcNow() <= sample.MaxDeferral:
                _ = RetryAtAsync(callback, result.NotBefore!.Value, cancellationToken);   // the retry's timer is set before the line is logged
                Log.Deferred(logger, masked, (result.Decision?.Reasons.ToString() ?? string.Empty), result.NotBefore);
                break;

            case ConnectSendStatus.Unknown:
                // It may have been placed: keep the slot (it lapses after ChinaDialCompliance:ClickToDial:PendingCallbackLifetime).
                Log.Unknown(logger, masked, result.Error);
                break;

            default:
                // Denied, deferred too far, or refused by Connect: nothing was placed; free the number's slot.
                Log.NotPlaced(logger, masked, result.Status.ToString(), (result.Decision?.Reasons.ToString() ?? string.Empty), result.Error is null ? string.Empty : "; " + result.Error);
                await guard.CompleteCallbackAsync(callback.Destination, callback.CallbackId, CancellationToken.None).ConfigureAwait(false);
                break;
        }
    }

    private async Task RetryAtAsync(AcceptedCallback callback, DateTimeOffset notBefore, CancellationToken cancellationToken)
    {
        try
        {
            var wait = notBefore - time.GetUtcNow();
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, time, cancellationToken).ConfigureAwait(false);
            }

            if (!queue.TryEnqueue(callback))
            {
                Log.QueueFull(logger, Log.Mask(callback.Destination));
                await guard.CompleteCallbackAsync(callback.Destination, callback.CallbackId, CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutting down: the callback lapses with the process.
        }
    }
}
