using System;

namespace ChinaDial.Compliance;

/// <summary>
/// A call as policies see it: both numbers parsed and classified once, the instant it is judged at, and the
/// identity of the ticket it will get if allowed. Created by <see cref="OutboundCallEvaluator"/>.
/// </summary>
/// <remarks>Read-only: policies read it and never learn from it what other policies answered (the evaluator keeps
/// its running tally elsewhere), so a decision does not depend on the order policies run in.</remarks>
public sealed class CallContext
{
    /// <summary>A context judged now (not a preview), for adapters' tests and benchmarks.</summary>
    internal CallContext(OutboundCall call, PhoneNumberInfo callerId, PhoneNumberInfo destination, DateTimeOffset instant, Guid ticketId, DateTimeOffset ticketExpiresAt)
        : this(call, callerId, destination, instant, instant, ticketId, ticketExpiresAt)
    {
    }

    internal CallContext(OutboundCall call, PhoneNumberInfo callerId, PhoneNumberInfo destination, DateTimeOffset evaluatedAt, DateTimeOffset instant, Guid ticketId, DateTimeOffset ticketExpiresAt)
    {
        Call = call;
        CallerId = callerId;
        Destination = destination;
        EvaluatedAt = evaluatedAt;
        Instant = instant;
        TicketId = ticketId;
        TicketExpiresAt = ticketExpiresAt;
    }

    /// <summary>The call as the dialer gave it.</summary>
    public OutboundCall Call { get; }

    /// <summary>The parsed and classified caller ID.</summary>
    public PhoneNumberInfo CallerId { get; }

    /// <summary>The parsed and classified destination.</summary>
    public PhoneNumberInfo Destination { get; }

    /// <summary>The call's purpose.</summary>
    public CallPurpose Purpose => Call.Purpose;

    /// <summary>
    /// The instant the call is judged for: the evaluator's clock (<see cref="EvaluatedAt"/>), or, for a preview
    /// (<see cref="IsPreview"/>), the later <see cref="OutboundCall.RequestedAt"/>. Rules that depend on the time of the
    /// call (calling hours, consent, quarantine) judge it at this instant.
    /// </summary>
    public DateTimeOffset Instant { get; }

    /// <summary>
    /// The evaluator's clock when the call is judged. State is changed, and idle state cleaned, only as of this
    /// instant, never as of a caller-supplied one: quota is reserved at it, and tickets expire counting from it.
    /// </summary>
    public DateTimeOffset EvaluatedAt { get; }

    /// <summary>
    /// Whether the call asks to be placed later than now (<see cref="OutboundCall.RequestedAt"/> beyond
    /// <see cref="OutboundCallEvaluatorOptions.ClockSkewTolerance"/>): it is judged for <see cref="Instant"/> by the
    /// policies that reserve nothing, no quota is reserved, and the decision is at best a deferral to that instant
    /// (<see cref="ReasonCode.NotYetDue"/>). A policy must not change state for a preview.
    /// </summary>
    public bool IsPreview => Instant != EvaluatedAt;

    /// <summary>The id of the ticket the call gets if allowed; also the audit record's id.</summary>
    public Guid TicketId { get; }

    /// <summary>When the ticket lapses if the dialer neither completes nor cancels it.</summary>
    public DateTimeOffset TicketExpiresAt { get; }
}
