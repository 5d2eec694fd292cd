using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace ChinaDial.Compliance;

/// <summary>Where an evaluator writes its audit records, and how it pseudonymizes the numbers in them. As an
/// <see cref="IPersonalDataStore"/> it removes a number's records from the SDK's sinks (<see cref="InMemoryAuditSink"/>,
/// <see cref="JsonLinesAuditSink"/>), found by the number's keyed hash; a sink of your own erases itself (register it
/// as an <see cref="IPersonalDataStore"/>, hashing with <see cref="Pseudonymizer"/>).</summary>
public sealed class AuditTrail : IPersonalDataStore
{
    /// <summary>Creates an audit trail.</summary>
    /// <param name="sink">Where records go.</param>
    /// <param name="pseudonymizer">How numbers are hashed.</param>
    public AuditTrail(IAuditSink sink, NumberPseudonymizer pseudonymizer)
    {
        Sink = sink ?? throw new ArgumentNullException(nameof(sink));
        Pseudonymizer = pseudonymizer ?? throw new ArgumentNullException(nameof(pseudonymizer));
    }

    /// <summary>Where records go.</summary>
    public IAuditSink Sink { get; }

    /// <summary>How numbers are hashed.</summary>
    public NumberPseudonymizer Pseudonymizer { get; }

    /// <inheritdoc />
    public ValueTask ForgetAsync(PhoneNumberInfo number, CancellationToken cancellationToken)
    {
        if (number.IsParsed && Sink is IAuditRecordEraser eraser)
        {
            eraser.Forget(Pseudonymizer.Hash(number));
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>The record of a quarantine: which caller ID, which signal, its figures and until when.</summary>
    internal AuditRecord QuarantineRecord(CallerIdHealthChange change, HealthThresholds? thresholds, DateTimeOffset? until)
    {
        var callerId = PhoneNumberClassifier.Classify(change.CallerId);
        var detail = string.Create(
            System.Globalization.CultureInfo.InvariantCulture,
            $"{change.Signal}={change.Value:0.###}{(thresholds is null ? string.Empty : $" (critical {thresholds.Critical:0.###})")}{(until is { } u ? $", until {u:yyyy-MM-dd'T'HH:mm:ss'Z'}" : string.Empty)}");
        return new AuditRecord(
            DecisionIds.Next(change.At), AuditEvent.CallerIdQuarantined, change.At, CallVerdict.Deny, ReasonCodeSet.Of(ReasonCode.CallerIdQuarantined), ReasonCodeSet.Empty,
            until, CallPurpose.Service, null, null, callerId.ToMaskedString(), Pseudonymizer.Hash(callerId), "none", "none", [], null, detail);
    }

    /// <summary>The record of a click-to-dial request: event <c>click_to_dial</c>, the guard's outcome in
    /// <see cref="AuditRecord.Detail"/> (<c>accepted</c>, <c>shadow_accepted</c>, <c>deflected</c>, <c>rejected</c>),
    /// verdict allow only for an accepted request (the only one dialled), the callback id as the record's id.</summary>
    internal AuditRecord ClickToDialRecord(PhoneNumberInfo destination, in ClickToDialResult result, DateTimeOffset at)
        => new(
            result.CallbackId == Guid.Empty ? DecisionIds.Next(at) : result.CallbackId,
            AuditEvent.ClickToDial,
            at,
            result.ShouldDial ? CallVerdict.Allow : CallVerdict.Deny,
            result.Reasons,
            ReasonCodeSet.Empty,
            null,
            CallPurpose.Callback,
            null,
            null,
            "none",
            "none",
            destination.ToMaskedString(),
            Pseudonymizer.Hash(destination),
            [],
            null,
            ClickToDialTelemetry.OutcomeName(result.Outcome) + (result.Channel is { } channel ? $", channel {channel}" : string.Empty));

    internal AuditRecord Record(CallContext context, AuditEvent @event, DateTimeOffset at, CallVerdict verdict, ReasonCodeSet reasons, ReasonCodeSet observed, DateTimeOffset? notBefore, IReadOnlyList<string> observing, CallOutcome? outcome, ConsentEvidence? consent = null)
        => new(
            context.TicketId,
            @event,
            at,
            verdict,
            reasons,
            observed,
            notBefore,
            context.Purpose,
            context.Call.CampaignId,
            context.Call.TenantId,
            context.CallerId.ToMaskedString(),
            Pseudonymizer.Hash(context.CallerId),
            context.Destination.ToMaskedString(),
            Pseudonymizer.Hash(context.Destination),
            observing,
            outcome,
            Consent: @event == AuditEvent.Decision ? consent : null);
}
