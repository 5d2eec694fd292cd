using System;

namespace ChinaDial.Compliance;

/// <summary>
/// One policy's answer for one call. A value type: returning it never allocates. A reserving policy
/// (<see cref="IReservingCallPolicy"/>) may attach reservation state that the evaluator hands back to it on
/// commit, release or completion.
/// </summary>
public readonly struct PolicyResult
{
    private PolicyResult(CallVerdict verdict, ReasonCodeSet reasons, DateTimeOffset? notBefore, object? reservation, long reservationValue, ConsentEvidence? consent = null)
    {
        Verdict = verdict;
        Reasons = reasons;
        NotBefore = notBefore;
        Reservation = reservation;
        ReservationValue = reservationValue;
        Consent = consent;
    }

    /// <summary>The policy's verdict.</summary>
    public CallVerdict Verdict { get; }

    /// <summary>Why the policy objected; empty when it allowed the call.</summary>
    public ReasonCodeSet Reasons { get; }

    /// <summary>For a deferral: the earliest instant at which the same call would pass this policy.</summary>
    public DateTimeOffset? NotBefore { get; }

    /// <summary>Opaque reservation state of a reserving policy (e.g. its per-key state); <see langword="null"/> when nothing is reserved.</summary>
    public object? Reservation { get; }

    /// <summary>Opaque reservation value of a reserving policy (e.g. a slot index or timestamp).</summary>
    public long ReservationValue { get; }

    /// <summary>The consent the call relies on (a consent policy's answer), written into the call's audit record; for a
    /// call denied <c>no_consent</c> because its consent has no proof, that consent. <see langword="null"/> when none.</summary>
    public ConsentEvidence? Consent { get; }

    /// <summary>Whether the result carries a reservation the evaluator must commit or release.</summary>
    public bool HasReservation => Reservation is not null;

    /// <summary>The call passes this policy.</summary>
    public static PolicyResult Allow() => default;

    /// <summary>The call passes this policy, relying on <paramref name="consent"/> (recorded in its audit record).</summary>
    public static PolicyResult Allow(ConsentEvidence consent)
    {
        ArgumentNullException.ThrowIfNull(consent);
        return new(CallVerdict.Allow, ReasonCodeSet.Empty, null, null, 0, consent);
    }

    /// <summary>The call must not be placed, for <paramref name="reason"/>, and <paramref name="consent"/> is the consent
    /// found that does not serve (e.g. one without the proof <see cref="ConsentOptions.RequireProof"/> asks for),
    /// recorded in the call's audit record.</summary>
    public static PolicyResult Deny(ReasonCode reason, ConsentEvidence consent)
    {
        ArgumentNullException.ThrowIfNull(consent);
        if (reason == ReasonCode.None)
        {
            throw new ArgumentException("A deny needs a reason code.", nameof(reason));
        }

        return new(CallVerdict.Deny, ReasonCodeSet.Of(reason), null, null, 0, consent);
    }

    /// <summary>The call passes this policy, which reserved quota for it.</summary>
    /// <param name="reservation">Non-null state handed back on commit, release and completion.</param>
    /// <param name="value">A value handed back with it.</param>
    public static PolicyResult Allow(object reservation, long value)
    {
        ArgumentNullException.ThrowIfNull(reservation);
        return new(CallVerdict.Allow, ReasonCodeSet.Empty, null, reservation, value);
    }

    /// <summary>The call must not be placed.</summary>
    public static PolicyResult Deny(ReasonCode reason) => Deny(ReasonCodeSet.Of(reason));

    /// <summary>The call must not be placed, for every reason in <paramref name="reasons"/> (not empty).</summary>
    public static PolicyResult Deny(ReasonCodeSet reasons)
    {
        if (reasons.IsEmpty)
        {
            throw new ArgumentException("A deny needs at least one reason code.", nameof(reasons));
        }

        return new(CallVerdict.Deny, reasons, null, null, 0);
    }

    /// <summary>The call must not be placed before <paramref name="notBefore"/>.</summary>
    public static PolicyResult Defer(ReasonCode reason, DateTimeOffset notBefore)
    {
        if (reason == ReasonCode.None)
        {
            throw new ArgumentException("A deferral needs a reason code.", nameof(reason));
        }

        return new(CallVerdict.Defer, ReasonCodeSet.Of(reason), notBefore, null, 0);
    }

    /// <summary>The call must not be placed before <paramref name="notBefore"/>, for every reason in
    /// <paramref name="reasons"/> (not empty).</summary>
    internal static PolicyResult Defer(ReasonCodeSet reasons, DateTimeOffset notBefore)
    {
        if (reasons.IsEmpty)
        {
            throw new ArgumentException("A deferral needs a reason code.", nameof(reasons));
        }

        return new(CallVerdict.Defer, reasons, notBefore, null, 0);
    }
}
