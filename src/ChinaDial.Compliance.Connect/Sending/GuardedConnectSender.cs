using System;
using System.Threading;
using System.Threading.RateLimiting;
using System.Threading.Tasks;

namespace ChinaDial.Compliance.Connect;

/// <summary>
/// Every <c>StartOutboundVoiceContact</c> through the compliance evaluator first. The request is checked against the
/// API model, the caller ID Connect will present is resolved (the queue's outbound caller ID when a queue is given),
/// that caller ID is evaluated, and only an allowed call is sent, paced to Connect's API rate and retried with the same
/// client token within a budget. Each result says exactly what happened: <see cref="ConnectSendStatus.Failed"/> when
/// nothing was placed (the ticket is cancelled, its quota given back), <see cref="ConnectSendStatus.Unknown"/> when
/// the call may have been placed (the ticket is kept; <see cref="ResumeAsync"/> re-sends with the same token without a
/// second evaluation). Never throws for bad data or a failed send; only the caller's own cancellation during
/// evaluation throws.
/// </summary>
public sealed class GuardedConnectSender : IDisposable
{
    private readonly OutboundCallEvaluator _evaluator;
    private readonly IConnectApi _api;
    private readonly GuardedConnectSenderOptions _options;
    private readonly ConnectContactRegistry? _registry;
    private readonly TimeProvider _time;
    private readonly RateLimiter? _pacer;
    private readonly bool _ownsPacer;
    private readonly QueueCallerIdCache _queueCallerIds;

    /// <summary>Creates a sender.</summary>
    /// <param name="evaluator">The compliance evaluator.</param>
    /// <param name="api">Connect (<see cref="ConnectHttpApi"/>, or an adapter over your <c>IAmazonConnect</c>).</param>
    /// <param name="options">Budget, pacing and cache options; defaults when null. Validated here, every problem listed.</param>
    /// <param name="registry">Where sent contacts are registered for outcome feedback; none when null.</param>
    /// <param name="timeProvider">The clock of pacing, timeouts and retry delays; the evaluator's when null.</param>
    /// <param name="pacing">A limiter shared with other senders of the same account and region (any
    /// <see cref="RateLimiter"/>, one permit per request); when null, the sender paces itself with
    /// <see cref="GuardedConnectSenderOptions.RequestsPerSecond"/> and <see cref="GuardedConnectSenderOptions.Burst"/>.</param>
    public GuardedConnectSender(OutboundCallEvaluator evaluator, IConnectApi api, GuardedConnectSenderOptions? options = null, ConnectContactRegistry? registry = null, TimeProvider? timeProvider = null, RateLimiter? pacing = null)
    {
        ArgumentNullException.ThrowIfNull(evaluator);
        ArgumentNullException.ThrowIfNull(api);
        options ??= new GuardedConnectSenderOptions();
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(Environment.NewLine, errors), nameof(options));
        }

        _evaluator = evaluator;
        _api = api;
        _options = options;
        _registry = registry;
        _time = timeProvider ?? evaluator.TimeProvider;
        _ownsPacer = pacing is null && options.RequestsPerSecond > 0;
        _pacer = pacing ?? (_ownsPacer ? new ConnectPacer(options.RequestsPerSecond, options.Burst, options.PacingQueueLimit, _time) : null);
        _queueCallerIds = new QueueCallerIdCache(api, _pacer, options.QueueCallerIdRefreshInterval, _time);
    }

    /// <summary>Checks, evaluates and (when allowed) sends <paramref name="request"/>.</summary>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels evaluation and sending. Cancelled during evaluation it throws; cancelled
    /// later it returns <see cref="ConnectSendStatus.Failed"/> (nothing sent) or <see cref="ConnectSendStatus.Unknown"/>.</param>
    /// <returns>What happened.</returns>
    public async ValueTask<ConnectSendResult> SendAsync(StartOutboundVoiceContactRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var problems = StartOutboundVoiceContactRequestValidator.Validate(request);
        if (problems.Count > 0)
        {
            return new ConnectSendResult(ConnectSendStatus.Denied, null, request) { RequestProblems = problems };
        }

        var deadline = _time.GetUtcNow() + _options.SendTimeout;
        string presented;
        if (request.QueueId is { } queueId)
        {
            using var budget = Budget(deadline, cancellationToken);
            (string? Number, string? Problem, ConnectFailure? Failure) resolved;
            try
            {
                resolved = await _queueCallerIds.ResolveAsync(request.InstanceId, queueId, budget.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                resolved = (null, null, new ConnectFailure(ConnectFailureKind.NotSent, null, "SendTimeout", "the queue's caller ID was not resolved within SendTimeout.", null, null));
            }

            if (resolved.Problem is { } problem)
            {
                return new ConnectSendResult(ConnectSendStatus.Denied, null, request) { RequestProblems = [problem] };
            }

            if (resolved.Failure is { } failure)
            {
                return WithError(new ConnectSendResult(ConnectSendStatus.Failed, null, request), failure, 0, null);
            }

            presented = resolved.Number!;
            if (request.SourcePhoneNumber is { } source && PhoneNumberClassifier.Classify(source).Key != PhoneNumberClassifier.Classify(presented).Key)
            {
                return new ConnectSendResult(ConnectSendStatus.Denied, null, request)
                {
                    RequestProblems =
                    [
                        $"StartOutboundVoiceContactRequest.SourcePhoneNumber: {PhoneNumberClassifier.Classify(source).ToMaskedString()} differs from queue '{queueId}''s outbound caller ID {PhoneNumberClassifier.Classify(presented).ToMaskedString()}; Connect displays the queue's number (\"If you specify a queue, the phone displayed for caller ID is the phone number specified in the queue\"). Give one of them, or make them agree.",
                    ],
                };
            }
        }
        else
        {
            presented = request.SourcePhoneNumber!;
        }

        var call = new OutboundCall(presented, request.DestinationPhoneNumber, request.Purpose) { CampaignId = request.CampaignId, TenantId = request.TenantId };
        var decision = await _evaluator.EvaluateAsync(call, cancellationToken).ConfigureAwait(false);
        var masked = PhoneNumberClassifier.Classify(presented).ToMaskedString();
        if (decision.Verdict != CallVerdict.Allow)
        {
            return new ConnectSendResult(decision.Verdict == CallVerdict.Deny ? ConnectSendStatus.Denied : ConnectSendStatus.Deferred, decision, request) { EvaluatedCallerId = masked };
        }

        // One token for every attempt and every resume of this send: Connect de-duplicates on it for 7 days.
        var toSend = request with { ClientToken = request.ClientToken ?? decision.Id.ToString("D") };
        return await SendAttemptsAsync(decision, toSend, masked, firstAttemptAt: null, previousAttempts: 0, maybeSent: false, deadline, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Re-sends an <see cref="ConnectSendStatus.Unknown"/> result's request with the same client token, without evaluating
    /// it again (no second ticket, no second reservation). Connect returns the same contact if the first request placed
    /// it. Not re-sent (the result stays <see cref="ConnectSendStatus.Unknown"/>, <see cref="ConnectSendResult.ErrorCode"/>
    /// says why) when the ticket is no longer pending (its quota lapsed) or the token is past its 7 days.
    /// </summary>
    /// <param name="previous">A result of <see cref="SendAsync"/> or <see cref="ResumeAsync"/> with status <see cref="ConnectSendStatus.Unknown"/>.</param>
    /// <param name="cancellationToken">Cancels the re-send.</param>
    /// <returns>What happened.</returns>
    /// <exception cref="ArgumentException"><paramref name="previous"/> is not an <see cref="ConnectSendStatus.Unknown"/> result of an evaluated call.</exception>
    public async ValueTask<ConnectSendResult> ResumeAsync(ConnectSendResult previous, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(previous);
        if (previous.Status != ConnectSendStatus.Unknown || previous.Decision is not { Ticket: { } ticket } decision || previous.ClientToken is null)
        {
            throw new ArgumentException($"Only an Unknown result of an allowed call can be resumed; this one is {previous.Status}.", nameof(previous));
        }

        var now = _time.GetUtcNow();
        if (previous.FirstAttemptAt is { } first && now - first >= ConnectModel.ClientTokenValidity)
        {
            return Copy(previous, "ClientTokenExpired", "not re-sent: the client token is older than Connect's 7-day idempotency window.");
        }

        if (ticket.State != CallTicketState.Pending)
        {
            return Copy(previous, "TicketNotPending", $"not re-sent: the call's ticket is {ticket.State} (its quota no longer holds the call).");
        }

        return await SendAttemptsAsync(decision, previous.Request, previous.EvaluatedCallerId, previous.FirstAttemptAt, previous.Attempts, maybeSent: true, now + _options.SendTimeout, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Disposes the sender's own pacing limiter (not one given to the constructor).</summary>
    public void Dispose()
    {
        if (_ownsPacer)
        {
            _pacer!.Dispose();
        }
    }

    private static ConnectSendResult Copy(ConnectSendResult previous, string code, string message) => new(ConnectSendStatus.Unknown, previous.Decision, previous.Request)
    {
        ClientToken = previous.ClientToken,
        EvaluatedCallerId = previous.EvaluatedCallerId,
        Attempts = previous.Attempts,
        FirstAttemptAt = previous.FirstAttemptAt,
        HttpStatus = previous.HttpStatus,
        ErrorCode = code,
        ErrorMessage = message,
    };

    private static ConnectSendResult WithError(ConnectSendResult result, ConnectFailure failure, int attempts, DateTimeOffset? firstAttemptAt) => new(result.Status, result.Decision, result.Request)
    {
        RequestProblems = result.RequestProblems,
        ClientToken = result.ClientToken,
        EvaluatedCallerId = result.EvaluatedCallerId,
        Attempts = attempts,
        FirstAttemptAt = firstAttemptAt,
        HttpStatus = failure.HttpStatus,
        ErrorCode = failure.ErrorCode,
        ErrorMessage = failure.Message,
        ErrorReason = failure.Reason,
        RequestId = failure.RequestId,
    };

    /// <summary>A token that fires at <paramref name="deadline"/> on the sender's clock, or with <paramref name="cancellationToken"/>.</summary>
    private BudgetScope Budget(DateTimeOffset deadline, CancellationToken cancellationToken) => new(deadline - _time.GetUtcNow(), _time, cancellationToken);

    private async ValueTask<ConnectSendResult> SendAttemptsAsync(
        CallDecision decision, StartOutboundVoiceContactRequest request, string? evaluatedCallerId, DateTimeOffset? firstAttemptAt, int previousAttempts, bool maybeSent, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        var attempts = previousAttempts;
        var attemptsNow = 0;
        ConnectFailure last = default;
        using var budget = Budget(deadline, cancellationToken);
        while (true)
        {
            if (!await _pacer.WaitTurnAsync(budget.Token).ConfigureAwait(false))
            {
                last = cancellationToken.IsCancellationRequested ? Cancelled()
                    : budget.IsCancellationRequested ? new ConnectFailure(ConnectFailureKind.NotSent, last.HttpStatus, "SendTimeout", "pacing to Connect's API rate did not leave a turn within SendTimeout.", null, null)
                    : new ConnectFailure(ConnectFailureKind.NotSent, null, "PacingQueueFull", $"more than {_options.PacingQueueLimit} sends wait for pacing.", null, null);
                return Finish(decision, request, evaluatedCallerId, null, last, maybeSent, attempts, firstAttemptAt);
            }

            firstAttemptAt ??= _time.GetUtcNow();
            attempts++;
            attemptsNow++;
            try
            {
                using var attempt = Budget(_time.GetUtcNow() + _options.AttemptTimeout, budget.Token);
                var contactId = await _api.StartOutboundVoiceContactAsync(request, attempt.Token).ConfigureAwait(false);
                if (!string.IsNullOrEmpty(contactId))
                {
                    return Finish(decision, request, evaluatedCallerId, contactId, default, maybeSent, attempts, firstAttemptAt);
                }

                last = new ConnectFailure(ConnectFailureKind.MaybeSent, 200, "MissingContactId", "Connect answered without a ContactId.", null, null);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Cancelled by the caller while the request may have been out.
                return Finish(decision, request, evaluatedCallerId, null, Cancelled(), maybeSent: true, attempts, firstAttemptAt);
            }
#pragma warning disable CA1031 // Fail closed: every failure of the send becomes a result, never an exception.
            catch (Exception error)
#pragma warning restore CA1031
            {
                last = ConnectFailure.Classify(error);
            }

            if (last.Kind is ConnectFailureKind.MaybeSentRetryable or ConnectFailureKind.MaybeSent)
            {
                maybeSent = true;
            }

            var retry = (last.Kind is ConnectFailureKind.Throttled or ConnectFailureKind.MaybeSentRetryable) && attemptsNow < _options.MaxAttempts;
            if (!retry)
            {
                return Finish(decision, request, evaluatedCallerId, null, last, maybeSent, attempts, firstAttemptAt);
            }

            var delay = RetryDelay(attemptsNow);
            if (_time.GetUtcNow() + delay >= deadline)
            {
                return Finish(decision, request, evaluatedCallerId, null, last, maybeSent, attempts, firstAttemptAt);
            }

            try
            {
                await Task.Delay(delay, _time, budget.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return Finish(decision, request, evaluatedCallerId, null, cancellationToken.IsCancellationRequested ? Cancelled() : last, maybeSent, attempts, firstAttemptAt);
            }
        }
    }

    private static ConnectFailure Cancelled() => new(ConnectFailureKind.NotSent, null, "Cancelled", "the send was cancelled by the caller.", null, null);

    private TimeSpan RetryDelay(int attempt)
    {
        var exponential = _options.RetryDelay.Ticks * Math.Pow(2, Math.Min(attempt - 1, 30));
        var capped = TimeSpan.FromTicks((long)Math.Min(exponential, _options.MaxRetryDelay.Ticks));
        return _options.UseJitter ? capped / 2 + TimeSpan.FromTicks((long)(capped.Ticks / 2 * Random.Shared.NextDouble())) : capped;
    }

    private ConnectSendResult Finish(
        CallDecision decision, StartOutboundVoiceContactRequest request, string? evaluatedCallerId, string? contactId, ConnectFailure failure, bool maybeSent, int attempts, DateTimeOffset? firstAttemptAt)
    {
        ConnectSendStatus status;
        if (contactId is not null)
        {
            status = ConnectSendStatus.Sent;
            if (_registry is not null && decision.Ticket is { } ticket)
            {
                _registry.Register(contactId, request.InstanceId, ticket);
            }
        }
        else if (maybeSent)
        {
            // Some attempt may have reached Connect: the call may exist, so its ticket (and quota) is kept.
            status = ConnectSendStatus.Unknown;
        }
        else
        {
            status = ConnectSendStatus.Failed;
            decision.Ticket?.Cancel();
        }

        var result = new ConnectSendResult(status, decision, request)
        {
            ClientToken = request.ClientToken,
            EvaluatedCallerId = evaluatedCallerId,
            ContactId = contactId,
            Attempts = attempts,
            FirstAttemptAt = firstAttemptAt,
        };
        return contactId is null ? WithError(result, failure, attempts, firstAttemptAt) : result;
    }

    private sealed class BudgetScope : IDisposable
    {
        private readonly CancellationTokenSource _timed;
        private readonly CancellationTokenSource _linked;

        public BudgetScope(TimeSpan remaining, TimeProvider time, CancellationToken cancellationToken)
        {
            _timed = remaining > TimeSpan.Zero ? new CancellationTokenSource(remaining, time) : new CancellationTokenSource();
            if (remaining <= TimeSpan.Zero)
            {
                _timed.Cancel();
            }

            _linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _timed.Token);
        }

        public CancellationToken Token => _linked.Token;

        public bool IsCancellationRequested => _linked.IsCancellationRequested;

        public void Dispose()
        {
            _linked.Dispose();
            _timed.Dispose();
        }
    }
}
