using System;

namespace ChinaDial.Compliance;

/// <summary>
/// The evaluator's answer for one call: a verdict, the reasons of every enforcing policy that objected (not only
/// the first), the reasons of observing policies, the earliest retry instant of a deferral, and — for an allowed
/// call — the ticket the dialer completes with the outcome or cancels.
/// </summary>
public readonly struct CallDecision
{
    internal CallDecision(CallVerdict verdict, ReasonCodeSet reasons, ReasonCodeSet observedReasons, DateTimeOffset? notBefore, Guid id, CallTicket? ticket)
    {
        Verdict = verdict;
        Reasons = reasons;
        ObservedReasons = observedReasons;
        NotBefore = notBefore;
        Id = id;
        Ticket = ticket;
    }

    /// <summary>What the dialer may do.</summary>
    public CallVerdict Verdict { get; }

    /// <summary>Whether the call may be placed now.</summary>
    public bool IsAllowed => Verdict == CallVerdict.Allow;

    /// <summary>Why enforcing policies objected; empty when allowed.</summary>
    public ReasonCodeSet Reasons { get; }

    /// <summary>Why policies in <see cref="PolicyMode.Observe"/> objected; these did not block the call.</summary>
    public ReasonCodeSet ObservedReasons { get; }

    /// <summary>For a deferral: the earliest instant the same call would pass (the latest of all deferring policies'
    /// instants). <see langword="null"/> for an allow or a deny.</summary>
    public DateTimeOffset? NotBefore { get; }

    /// <summary>The decision's id; equal to the ticket's id for an allowed call and used as the audit record's id.</summary>
    public Guid Id { get; }

    /// <summary>For an allowed call: the ticket to complete with the outcome, or to cancel if the call is not placed.</summary>
    public CallTicket? Ticket { get; }

    /// <summary>A short description without personal data, e.g. <c>Defer(caller_id_rate_limited)</c>.</summary>
    public override string ToString() => Reasons.IsEmpty ? Verdict.ToString() : $"{Verdict}({Reasons})";
}
