using System;
using System.Collections.Generic;
using System.Diagnostics;

namespace ChinaDial.Compliance;

/// <summary>
/// One decision, or what became of an allowed call's ticket, as a <see cref="ComplianceTelemetryListener"/> sees it.
/// A struct passed by reference: building it costs nothing, and a listener derives only what it needs (a masked
/// number, a keyed hash, a log line) after checking that someone wants it.
/// </summary>
/// <remarks>The context holds the parsed numbers: never write them raw (use
/// <see cref="PhoneNumberInfo.ToMaskedString"/> and <see cref="NumberPseudonymizer.Hash"/>).</remarks>
public readonly struct DecisionEvent
{
    internal DecisionEvent(AuditEvent kind, CallContext context, DateTimeOffset at, CallVerdict verdict, ReasonCodeSet reasons, ReasonCodeSet observedReasons, DateTimeOffset? notBefore, CallOutcome? outcome, IReadOnlyList<string> observingPolicies, ConsentEvidence? consent = null, Activity? activity = null)
    {
        Consent = consent;
        Activity = activity;
        Kind = kind;
        Context = context;
        At = at;
        Verdict = verdict;
        Reasons = reasons;
        ObservedReasons = observedReasons;
        NotBefore = notBefore;
        Outcome = outcome;
        ObservingPolicies = observingPolicies;
    }

    /// <summary><see cref="AuditEvent.Decision"/>, <see cref="AuditEvent.Outcome"/> or <see cref="AuditEvent.Cancelled"/>.</summary>
    public AuditEvent Kind { get; }

    /// <summary>The call as the policies saw it (its <see cref="CallContext.TicketId"/> is the decision's id).</summary>
    public CallContext Context { get; }

    /// <summary>When it happened.</summary>
    public DateTimeOffset At { get; }

    /// <summary>The decision's verdict (<see cref="CallVerdict.Allow"/> for a ticket's outcome or cancellation).</summary>
    public CallVerdict Verdict { get; }

    /// <summary>Why enforcing policies objected.</summary>
    public ReasonCodeSet Reasons { get; }

    /// <summary>Why observing policies objected.</summary>
    public ReasonCodeSet ObservedReasons { get; }

    /// <summary>For a deferral, the retry instant.</summary>
    public DateTimeOffset? NotBefore { get; }

    /// <summary>For <see cref="AuditEvent.Outcome"/>, how the call ended.</summary>
    public CallOutcome? Outcome { get; }

    /// <summary>The policies that ran in observe mode.</summary>
    public IReadOnlyList<string> ObservingPolicies { get; }

    /// <summary>The consent the decision relied on, for its audit record.</summary>
    internal ConsentEvidence? Consent { get; }

    /// <summary>The decision's activity, when one was started (tagged and ended by the metering listener).</summary>
    internal Activity? Activity { get; }
}
