using System;
using System.Collections.Generic;

namespace ChinaDial.Compliance;

/// <summary>
/// What happened to one call, for the audit trail: a decision, or later the outcome or cancellation of its ticket.
/// Phone numbers appear only masked (<c>+86 138****8000</c>) and as a keyed hash (HMAC-SHA256 with the configured
/// pepper), never raw: the same number always has the same hash, so records can be joined without the number.
/// </summary>
/// <param name="Id">The decision's (and ticket's) id.</param>
/// <param name="Event">What the record records (<see cref="AuditEvent"/>; written to files by its snake_case name).</param>
/// <param name="At">When it happened.</param>
/// <param name="Verdict">The decision's verdict.</param>
/// <param name="Reasons">Why enforcing policies objected.</param>
/// <param name="ObservedReasons">Why observing policies objected.</param>
/// <param name="NotBefore">For a deferral, the retry instant.</param>
/// <param name="Purpose">The call's purpose.</param>
/// <param name="CampaignId">The call's campaign.</param>
/// <param name="TenantId">The call's tenant.</param>
/// <param name="CallerIdMasked">The caller ID, masked.</param>
/// <param name="CallerIdHash">The caller ID's keyed hash.</param>
/// <param name="DestinationMasked">The destination, masked.</param>
/// <param name="DestinationHash">The destination's keyed hash.</param>
/// <param name="ObservingPolicies">The policies that ran in observe mode.</param>
/// <param name="Outcome">For an <see cref="AuditEvent.Outcome"/> record, how the call ended.</param>
/// <param name="Detail">For a <c>caller_id_quarantined</c> record, the signal and its figures, e.g.
/// <c>answer_rate=0.1 (critical 0.15), until 2026-11-24T01:00:00Z</c>.</param>
/// <param name="Consent">For a decision that needed consent, the consent it relied on (allowed), or the consent found
/// without the proof its purpose needs (denied <c>no_consent</c>): its reference, proof reference and grant instant.
/// Never a number.</param>
public sealed record AuditRecord(
    Guid Id,
    AuditEvent Event,
    DateTimeOffset At,
    CallVerdict Verdict,
    ReasonCodeSet Reasons,
    ReasonCodeSet ObservedReasons,
    DateTimeOffset? NotBefore,
    CallPurpose Purpose,
    string? CampaignId,
    string? TenantId,
    string CallerIdMasked,
    string CallerIdHash,
    string DestinationMasked,
    string DestinationHash,
    IReadOnlyList<string> ObservingPolicies,
    CallOutcome? Outcome,
    string? Detail = null,
    ConsentEvidence? Consent = null);
