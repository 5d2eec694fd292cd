using System;

namespace ChinaDial.Compliance;

/// <summary>
/// What a <see cref="CallTicket"/> may ask of the evaluator that issued it, and nothing more: its clock, and to finish
/// the call's reservations when the dialer completes or cancels the ticket (expiry needs nothing: reservations held for
/// calls in progress lapse on their own).
/// </summary>
internal interface ICallTicketOwner
{
    /// <summary>The clock the ticket's expiry is judged by.</summary>
    TimeProvider TimeProvider { get; }

    /// <summary>The call was placed and ended with <paramref name="outcome"/> at <paramref name="completedAt"/>.</summary>
    void Completed(CallTicket ticket, CallOutcome outcome, DateTimeOffset completedAt);

    /// <summary>The call was not placed: its reservations are given back.</summary>
    void Cancelled(CallTicket ticket);
}
