using System;
using System.Net;
using System.Threading;
using System.Threading.Tasks;

namespace ChinaDial.Compliance;

/// <summary>
/// The front door of a website's "call me back" form: refuses invalid, VoIP and special-service destinations and deny-listed
/// countries/prefixes, caps requests per number, IP and network, keeps one pending callback per number, and deflects
/// unauthenticated, anonymous or foreign requests to another channel. Abuse is shadow-accepted: answered like success, never dialled.
/// </summary>
public sealed class ClickToDialGuard : IPersonalDataStore
{
    private readonly ClickToDialOptions _options;
    private readonly TimeProvider _time;
    private readonly IIpRiskSource? _risk;
    private readonly DestinationPolicy _destinations;
    private readonly IClickToDialRequestCounter _counter;
    private readonly IPendingCallbackStore _pending;
    private readonly AuditTrail? _audit;

    /// <summary>Creates a guard; throws <see cref="ArgumentException"/> listing every problem of <paramref name="options"/>.</summary>
    /// <param name="options">The options.</param>
    /// <param name="riskSource">The host's IP-intelligence source; when null, no IP is considered risky and IP country is not checked.</param>
    /// <param name="timeProvider">The clock of the windows; <see cref="TimeProvider.System"/> when null.</param>
    /// <param name="pendingCallbacks">Where the one pending callback per number is kept; a new
    /// <see cref="InMemoryPendingCallbackStore"/> when null (one process). Give every node the same shared store.</param>
    /// <param name="requestCounter">Where requests are counted against the caps; a new
    /// <see cref="InMemoryClickToDialRequestCounter"/> when null (one process). Give every node the same shared counter.</param>
    /// <param name="audit">Where every request's outcome is recorded (event <c>click_to_dial</c>: outcome, reasons,
    /// the number masked and hashed); none when null. An accepted request whose record cannot be written is deflected
    /// with <c>policy_error</c> (no callback without its record).</param>
    public ClickToDialGuard(ClickToDialOptions options, IIpRiskSource? riskSource = null, TimeProvider? timeProvider = null, IPendingCallbackStore? pendingCallbacks = null, IClickToDialRequestCounter? requestCounter = null, AuditTrail? audit = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(Environment.NewLine, errors), nameof(options));
        }

        _options = options;
        _risk = riskSource;
        _time = timeProvider ?? TimeProvider.System;
        _pending = pendingCallbacks ?? new InMemoryPendingCallbackStore();
        _destinations = new DestinationPolicy(options.Destinations);
        _counter = requestCounter ?? new InMemoryClickToDialRequestCounter(options);
        _audit = audit;
    }

    /// <summary>Judges one request. Never throws for bad input. Every result is counted on the
    /// <c>ChinaDial.Compliance</c> meter (<c>chinadial.click_to_dial.requests</c> by outcome,
    /// <c>chinadial.click_to_dial.reasons</c> by outcome and reason) and, with an audit trail, recorded.</summary>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the IP-risk look-up.</param>
    /// <returns>The result.</returns>
    public async ValueTask<ClickToDialResult> EvaluateAsync(ClickToDialRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var destination = PhoneNumberClassifier.Classify(request.Destination);
        var result = await JudgeAsync(request, destination, cancellationToken).ConfigureAwait(false);
        if (_audit is not null && !TryAudit(destination, result))
        {
            if (result.ShouldDial)
            {
                // Fail closed: no callback without its record. Free the pending mark for a later request.
                await ReleaseAsync(destination, result.CallbackId).ConfigureAwait(false);
                result = new(ClickToDialOutcome.Deflected, ReasonCodeSet.Of(ReasonCode.PolicyError), _options.DeflectionChannel, Guid.Empty);
            }
        }

        ClickToDialTelemetry.Record(result);
        return result;
    }

    private bool TryAudit(PhoneNumberInfo destination, in ClickToDialResult result)
    {
        try
        {
            _audit!.Sink.Write(_audit.ClickToDialRecord(destination, result, _time.GetUtcNow()));
            return true;
        }
#pragma warning disable CA1031 // Counted, and an accepted request is deflected: no callback without its record.
        catch (Exception)
#pragma warning restore CA1031
        {
            EvaluatorTelemetry.PolicyErrors.Add(1, new System.Collections.Generic.KeyValuePair<string, object?>("policy", "audit"));
            return false;
        }
    }

    private async ValueTask ReleaseAsync(PhoneNumberInfo destination, Guid callbackId)
    {
        try
        {
            await _pending.CompleteAsync(destination, callbackId, CancellationToken.None).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Best effort: the mark lapses after PendingCallbackLifetime.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }

    private async ValueTask<ClickToDialResult> JudgeAsync(ClickToDialRequest request, PhoneNumberInfo destination, CancellationToken cancellationToken)
    {
        if (!destination.IsParsed)
        {
            return new(ClickToDialOutcome.Rejected, ReasonCodeSet.Of(ReasonCode.InvalidDestination), null, Guid.Empty);
        }

        if (request.ClientIp is null || !IPAddress.TryParse(request.ClientIp, out var ip))
        {
            return new(ClickToDialOutcome.Rejected, ReasonCodeSet.Of(ReasonCode.SuspectedFraud), null, Guid.Empty);
        }

        var now = _time.GetUtcNow();

        // Count every parsed request against its IP and networks (scripts pay for probing too), and against its number
        // when the number may be called back at all.
        var reasons = _destinations.Check(destination);
        ClickToDialCount count;
        try
        {
            count = await _counter.CountAsync(ip, reasons.IsEmpty ? destination : PhoneNumberInfo.Unparsed, now, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            count = ClickToDialCount.Unavailable;
        }

        if (!reasons.IsEmpty)
        {
            // Premium, VoIP, international, special-service or deny-listed: the pumping target. Never dialled; looks like success.
            return new(ClickToDialOutcome.ShadowAccepted, reasons.Add(ReasonCode.SuspectedFraud), null, Guid.Empty);
        }

        if (count == ClickToDialCount.OverCap)
        {
            return new(ClickToDialOutcome.ShadowAccepted, ReasonCodeSet.Of(ReasonCode.SuspectedFraud), null, Guid.Empty);
        }

        if (count != ClickToDialCount.UnderCaps)
        {
            // Fail closed: requests that cannot be counted (the counters' memory bound during a flood, a failing shared
            // counter) are not called back. Offer the other channel.
            return new(ClickToDialOutcome.Deflected, ReasonCodeSet.Of(ReasonCode.PolicyError), _options.DeflectionChannel, Guid.Empty);
        }

        if (_options.RequireAuthentication && !request.IsAuthenticated)
        {
            return new(ClickToDialOutcome.Deflected, ReasonCodeSet.Empty, _options.DeflectionChannel, Guid.Empty);
        }

        if (_risk is not null)
        {
            var risk = await _risk.GetRiskAsync(ip, cancellationToken).ConfigureAwait(false);
            if (risk.IsAnonymous || (risk.CountryCode is not null && !string.Equals(risk.CountryCode, destination.RegionCode, StringComparison.OrdinalIgnoreCase)))
            {
                return new(ClickToDialOutcome.Deflected, ReasonCodeSet.Empty, _options.DeflectionChannel, Guid.Empty);
            }
        }

        var id = Guid.NewGuid();
        bool added;
        try
        {
            added = await _pending.TryAddAsync(destination, id, now, _options.PendingCallbackLifetime, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Fail closed: without the pending mark the number could be called back twice. Offer the other channel.
            return new(ClickToDialOutcome.Deflected, ReasonCodeSet.Of(ReasonCode.PolicyError), _options.DeflectionChannel, Guid.Empty);
        }

        return added
            ? new(ClickToDialOutcome.Accepted, ReasonCodeSet.Empty, null, id)
            : new(ClickToDialOutcome.ShadowAccepted, ReasonCodeSet.Of(ReasonCode.DuplicateCallback), null, Guid.Empty);
    }

    /// <summary>Erases a number from the guard's stores: its pending callback and its request counts (each when the
    /// store can; see <see cref="IPersonalDataStore"/>). Fails when a store fails.</summary>
    public async ValueTask ForgetAsync(PhoneNumberInfo number, CancellationToken cancellationToken)
    {
        if (_pending is IPersonalDataStore pending)
        {
            await pending.ForgetAsync(number, cancellationToken).ConfigureAwait(false);
        }

        if (_counter is IPersonalDataStore counter)
        {
            await counter.ForgetAsync(number, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Clears the pending callback <paramref name="callbackId"/> of <paramref name="destination"/> (placed, failed
    /// or abandoned), so that the number may ask again.</summary>
    /// <param name="destination">The destination of the accepted request.</param>
    /// <param name="callbackId">The <see cref="ClickToDialResult.CallbackId"/> of the accepted request.</param>
    /// <param name="cancellationToken">Cancels the wait for the store.</param>
    /// <returns>Whether a pending callback was cleared (false for an unparseable number or another callback's id).</returns>
    /// <remarks>A store that fails throws its exception; the mark then lapses after
    /// <see cref="ClickToDialOptions.PendingCallbackLifetime"/>.</remarks>
    public ValueTask<bool> CompleteCallbackAsync(string destination, Guid callbackId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        var parsed = PhoneNumberClassifier.Classify(destination);
        return parsed.IsParsed ? _pending.CompleteAsync(parsed, callbackId, cancellationToken) : new(false);
    }
}
