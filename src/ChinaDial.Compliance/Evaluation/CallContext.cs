using System;

namespace ChinaDial.Compliance;

/// <summary>
/// A call as policies see it: both numbers parsed and classified once, the instant it is judged at, and the
/// identity of the ticket it will get if allowed. Created by <see cref="OutboundCallEvaluator"/>.
/// </summary>
public sealed class CallContext
{
    internal CallContext(OutboundCall call, PhoneNumberInfo callerId, PhoneNumberInfo destination, DateTimeOffset instant, Guid ticketId, DateTimeOffset ticketExpiresAt)
    {
        Call = call;
        CallerId = callerId;
        Destination = destination;
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

    /// <summary>The instant the call is judged at: now, or <see cref="OutboundCall.RequestedAt"/> when that lies in the future.</summary>
    public DateTimeOffset Instant { get; }

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

    /// <summary>
    /// Whether an enforcing policy has already denied the call. A reservation made now would be released when the
    /// evaluation ends, so the built-in reserving policies then only check (<c>RetryAt</c>) instead of claiming: the
    /// same objections, but no per-key state and no transient claim for a call that cannot be placed.
    /// </summary>
    internal bool IsDenied => Verdict == CallVerdict.Deny;
}
