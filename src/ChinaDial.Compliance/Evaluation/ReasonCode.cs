using System.Text.Json.Serialization;

namespace ChinaDial.Compliance;

/// <summary>
/// Why a policy objected to a call. A stable contract: the numeric values and the JSON names
/// (snake_case, e.g. <c>caller_id_rate_limited</c>) never change meaning once shipped.
/// </summary>
[JsonConverter(typeof(ReasonCodeJsonConverter))]
public enum ReasonCode
{
    /// <summary>No reason; never reported by a policy.</summary>
    None = 0,

    /// <summary><c>invalid_destination</c>: destination missing, unparseable, or not a valid number.</summary>
    InvalidDestination = 1,

    /// <summary><c>destination_not_allowed</c>: destination country or prefix not allowed.</summary>
    DestinationNotAllowed = 2,

    /// <summary><c>destination_special_service</c>: premium-rate, shared-cost, toll-free, short-code or
    /// other unexpected destination type, or one not diallable from abroad.</summary>
    DestinationSpecialService = 3,

    /// <summary><c>invalid_caller_id</c>: caller ID missing, unparseable, or not a valid number.</summary>
    InvalidCallerId = 4,

    /// <summary><c>caller_id_not_approved</c>: caller ID not in the approved inventory, or not approved for the destination country.</summary>
    CallerIdNotApproved = 5,

    /// <summary><c>caller_id_toll_free</c>: the caller ID is a toll-free number.</summary>
    CallerIdTollFree = 6,

    /// <summary><c>caller_id_uifn</c>: the caller ID is a UIFN (+800) or another non-geographic international number.</summary>
    CallerIdUifn = 7,

    /// <summary><c>caller_id_region_prohibited</c>: the caller ID comes from a prohibited region (default HK, MO, TW, SG).</summary>
    CallerIdRegionProhibited = 8,

    /// <summary><c>caller_id_short_code_marketing</c>: a 95/96 service short code used for a marketing call.</summary>
    CallerIdShortCodeMarketing = 9,

    /// <summary><c>caller_id_quarantined</c>: the caller ID was taken out of rotation by the health monitor.</summary>
    CallerIdQuarantined = 10,

    /// <summary><c>no_consent</c>: a call whose purpose requires consent and no active consent is on record.</summary>
    NoConsent = 11,

    /// <summary><c>opted_out</c>: the callee opted out of calls for this purpose or for all purposes.</summary>
    OptedOut = 12,

    /// <summary><c>outside_calling_hours</c>: the callee's local time is outside the calling window, or a restricted date.</summary>
    OutsideCallingHours = 13,

    /// <summary><c>caller_id_rate_limited</c>: the caller ID's rate limit would be exceeded.</summary>
    CallerIdRateLimited = 14,

    /// <summary><c>destination_frequency_exceeded</c>: too many attempts to this callee, or this caller-ID/callee pair, in a window.</summary>
    DestinationFrequencyExceeded = 15,

    /// <summary><c>concurrency_limited</c>: too many calls in progress for this caller ID.</summary>
    ConcurrencyLimited = 16,

    /// <summary><c>duplicate_callback</c>: click-to-dial: a callback for this number is already pending.</summary>
    DuplicateCallback = 17,

    /// <summary><c>suspected_fraud</c>: click-to-dial request judged abusive.</summary>
    SuspectedFraud = 18,

    /// <summary><c>policy_error</c>: a policy or its store failed; the call is denied (fail closed).</summary>
    PolicyError = 19,

    /// <summary><c>not_yet_due</c>: the call asks to be placed later (<see cref="OutboundCall.RequestedAt"/>); it was
    /// judged for that instant without reserving quota, and must be evaluated again at
    /// <see cref="CallDecision.NotBefore"/> before it is placed (deferral).</summary>
    NotYetDue = 20,

    /// <summary><c>requested_time_out_of_range</c>: the call's <see cref="OutboundCall.RequestedAt"/> lies beyond the
    /// evaluator's scheduling horizon (<see cref="OutboundCallEvaluatorOptions.SchedulingHorizon"/>); the call is
    /// denied, and may be evaluated again closer to its time.</summary>
    RequestedTimeOutOfRange = 21,

    /// <summary><c>caller_id_pacing</c>: the call would take its caller ID to the warning level of a carrier flagging
    /// signal (distinct callees this hour, repeated calls this hour, volume against the fleet); deferred to
    /// <see cref="CallDecision.NotBefore"/>, the first instant it would not (caller-ID pacing).</summary>
    CallerIdPacing = 22,

    /// <summary><c>callee_exposure_limited</c>: the call would make its caller ID one caller ID too many for the callee
    /// today (the warning level of <see cref="CallerIdHealthOptions.CallerIdsPerCalleePerDay"/>); deferred to the next
    /// UTC day (a caller ID the callee already heard today may call it now).</summary>
    CalleeExposureLimited = 23,

    /// <summary><c>refuse_call_listed</c>: the callee is on a refuse-call or do-not-call list (a carrier's "refuse
    /// calls" registration, an internal do-not-call list) that applies to the call's purpose. Tells such a list apart
    /// from the callee's own opt-out (<c>opted_out</c>).</summary>
    RefuseCallListed = 24,

    /// <summary><c>caller_id_unverified</c>: <c>CallerIds:RequireCallbackVerification</c> is on and the caller ID's
    /// call-back was never verified, was verified longer ago than <c>CallerIds:CallbackVerificationMaxAge</c>, or
    /// against another Connect configuration version than <c>CallerIds:ConnectConfigurationVersion</c>.</summary>
    CallerIdUnverified = 25,

    /// <summary><c>caller_id_public_service</c>: the caller ID is, or is shaped like, a Chinese public-service number
    /// (110, 119, 120, 122, the 12xxx government lines such as 12315, 12321, 12345) or a 95/96 service short code
    /// (96110, 95588), with or without an area code: never a caller ID, whatever the purpose.</summary>
    CallerIdPublicService = 26,

    /// <summary><c>unknown_purpose</c>: the call's <see cref="CallPurpose"/> is not a value this version defines (e.g. a
    /// number cast to the enum or read from a newer producer); denied before any policy is asked, since a purpose the
    /// policies do not know would otherwise need no consent.</summary>
    UnknownPurpose = 27,
}
