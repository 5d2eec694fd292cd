using System;

namespace ChinaDial.Compliance;

/// <summary>
/// A call as policies see it: both numbers parsed and classified once, the instant it is judged at, and the
/// identity of the ticket it will get if allowed. Created by <see cref="OutboundCallEvaluator"/>.
/// </summary>
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

    // The evaluator's running tally, kept here so that judging a call allocates one object whatever the number of
    // policies: the verdict so far, the objections, the latest retry instant, and the reservations of the reserving
    // policies (one slot each), released or committed at the end.
    internal CallVerdict Verdict;
    internal ReasonCodeSet Reasons;
    internal ReasonCodeSet ObservedReasons;
    internal DateTimeOffset? NotBefore;
    internal PolicyResult[]? Reservations;
    internal System.Diagnostics.Activity? Activity;

    /// <summary>The consent a consent policy found for the call (relied on, or refused for want of proof), for its audit
    /// record.</summary>
    internal ConsentEvidence? Consent;

    /// <summary>
    /// Whether an enforcing policy has already denied the call. A reservation made now would be released when the
    /// evaluation ends, so the built-in reserving policies then only check (<c>RetryAt</c>) instead of claiming: the
    /// same objections, but no per-key state and no transient claim for a call that cannot be placed.
    /// </summary>
    internal bool IsDenied => Verdict == CallVerdict.Deny;
}
