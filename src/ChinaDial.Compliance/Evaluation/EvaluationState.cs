using System;
using System.Diagnostics;

namespace ChinaDial.Compliance;

/// <summary>
/// The evaluator's running tally for one call, kept out of the public <see cref="CallContext"/>: the verdict so far,
/// the objections (enforced and observed), the latest retry instant, the consent relied on, the reservations of the
/// reserving policies (one slot each, released or committed at the end) and the evaluation's activity. Written only by
/// the evaluator; policies never see it. Kept inside the call's <see cref="CallTicket"/> (one object per call), which
/// the dialer receives only when the call is allowed.
/// </summary>
internal struct EvaluationState(CallContext context)
{
    /// <summary>The call as the policies see it.</summary>
    public CallContext Context { get; } = context;

    /// <summary>One slot per reserving policy, allocated with the call's first reservation; <see langword="null"/> while
    /// nothing is held (a call refused in phase one allocates none).</summary>
    public HeldReservation[]? Reservations { get; set; }

    /// <summary>The verdict so far (enforcing policies only).</summary>
    public CallVerdict Verdict { get; set; }

    /// <summary>The enforcing policies' objections so far.</summary>
    public ReasonCodeSet Reasons { get; set; }

    /// <summary>The observing policies' objections so far.</summary>
    public ReasonCodeSet ObservedReasons { get; set; }

    /// <summary>The latest instant a deferring policy named.</summary>
    public DateTimeOffset? NotBefore { get; set; }

    /// <summary>The consent a consent policy found for the call, for its audit record.</summary>
    public ConsentEvidence? Consent { get; set; }

    /// <summary>The evaluation's activity, when someone listens.</summary>
    public Activity? Activity { get; set; }

    /// <summary>Whether an enforcing policy refused the call (denied or deferred it): reserving policies are then only
    /// asked when it could be retried (<see cref="IReservingCallPolicy.CheckAsync"/>), and nothing is reserved.</summary>
    public readonly bool IsRefused => Verdict != CallVerdict.Allow;
}
