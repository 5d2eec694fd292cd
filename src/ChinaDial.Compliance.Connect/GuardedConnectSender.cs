using System;
using System.Threading;
using System.Threading.Tasks;
using Polly;
using Polly.Retry;

namespace ChinaDial.Compliance.Connect;

/// <summary>
/// Evaluates every <c>StartOutboundVoiceContact</c> request before sending it: denied and deferred calls are never sent.
/// Throttled sends (HTTP 429, <c>TooManyRequestsException</c>) are retried with the same client token; a send that may
/// have reached Connect (5xx, timeout, broken connection) is never retried. Never throws for a denied call or a failed send.
/// </summary>
public sealed class GuardedConnectSender
{
    private readonly OutboundCallEvaluator _evaluator;
    private readonly ConnectSendHandler _send;
    private readonly ResiliencePipeline<ConnectResponse> _pipeline;

    /// <summary>Creates a sender that evaluates with <paramref name="evaluator"/> and sends with <paramref name="send"/>.</summary>
    /// <param name="evaluator">The compliance evaluator.</param>
    /// <param name="send">The send delegate (see <see cref="ConnectHttpSender"/>, or wrap your own <c>IAmazonConnect</c>).</param>
    /// <param name="options">Retry options; defaults when null.</param>
    /// <param name="timeProvider">The clock for retry delays; <see cref="TimeProvider.System"/> when null.</param>
    public GuardedConnectSender(OutboundCallEvaluator evaluator, ConnectSendHandler send, GuardedConnectSenderOptions? options = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(evaluator);
        ArgumentNullException.ThrowIfNull(send);
        options ??= new GuardedConnectSenderOptions();
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(Environment.NewLine, errors), nameof(options));
        }

        _evaluator = evaluator;
        _send = send;
        var builder = new ResiliencePipelineBuilder<ConnectResponse> { TimeProvider = timeProvider ?? TimeProvider.System };
        if (options.MaxThrottleRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<ConnectResponse>
            {
                // Only throttling is retried: Connect refused the request before placing anything. Exceptions
                // (timeouts, broken connections) are not handled: the call may have been placed.
                ShouldHandle = static args => ValueTask.FromResult(args.Outcome.Exception is null && args.Outcome.Result.IsThrottled),
                MaxRetryAttempts = options.MaxThrottleRetries,
                Delay = options.ThrottleRetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = options.UseJitter,
            });
        }

        _pipeline = builder.Build();
    }

    /// <summary>Evaluates <paramref name="request"/> and sends it only when allowed.</summary>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels evaluation and sending.</param>
    /// <returns>The decision and, when sent, Connect's answer. A <see cref="ConnectSendStatus.Sent"/> result leaves the ticket to the caller to complete with the call's outcome.</returns>
    public async ValueTask<ConnectSendResult> SendAsync(StartOutboundVoiceContactRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var call = new OutboundCall(request.SourcePhoneNumber ?? request.CallerIdForEvaluation, request.DestinationPhoneNumber, request.Purpose)
        {
            CampaignId = request.CampaignId,
            TenantId = request.TenantId,
        };
        var decision = await _evaluator.EvaluateAsync(call, cancellationToken).ConfigureAwait(false);
        if (decision.Verdict == CallVerdict.Deny)
        {
            return new ConnectSendResult(ConnectSendStatus.Denied, decision, null, null, null, null);
        }

        if (decision.Verdict == CallVerdict.Defer)
        {
            return new ConnectSendResult(ConnectSendStatus.Deferred, decision, null, null, null, null);
        }

        // One token for every attempt of this send, so Connect de-duplicates if a throttled attempt was in fact accepted.
        var token = request.ClientToken ?? decision.Id.ToString("D");
        var toSend = request with { ClientToken = token };
        Outcome<ConnectResponse> outcome;
        try
        {
            outcome = await _pipeline.ExecuteOutcomeAsync(
                static async (ctx, state) =>
                {
                    try
                    {
                        return Outcome.FromResult(await state.Send(state.Request, ctx.CancellationToken).ConfigureAwait(false));
                    }
#pragma warning disable CA1031 // Fail closed: any failure of the send becomes a result, never an exception.
                    catch (Exception ex) when (ex is not OperationCanceledException || !ctx.CancellationToken.IsCancellationRequested)
#pragma warning restore CA1031
                    {
                        return Outcome.FromException<ConnectResponse>(ex);
                    }
                },
                ResilienceContextPool.Shared.Get(cancellationToken),
                (Send: _send, Request: toSend)).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Cancelled by the caller, possibly mid-request: the call may have been placed, so the ticket is kept.
            return new ConnectSendResult(ConnectSendStatus.Unknown, decision, token, null, null, "cancelled");
        }

        if (outcome.Exception is { } exception)
        {
            return new ConnectSendResult(ConnectSendStatus.Unknown, decision, token, null, null, exception.GetType().Name + ": " + exception.Message);
        }

        var response = outcome.Result;
        if (response.HttpStatus is >= 200 and < 300 && response.ContactId is not null)
        {
            return new ConnectSendResult(ConnectSendStatus.Sent, decision, token, response.ContactId, response.HttpStatus, null);
        }

        if (response.HttpStatus >= 500 || response.HttpStatus is >= 200 and < 300)
        {
            // A 5xx (or a 2xx without a contact id) may have placed the call: keep the ticket, do not retry blindly.
            return new ConnectSendResult(ConnectSendStatus.Unknown, decision, token, null, response.HttpStatus, response.ErrorType);
        }

        // 4xx (including throttling after the last retry): Connect placed nothing; give the quota back.
        decision.Ticket?.Cancel();
        return new ConnectSendResult(ConnectSendStatus.Failed, decision, token, null, response.HttpStatus, response.ErrorType);
    }
}
