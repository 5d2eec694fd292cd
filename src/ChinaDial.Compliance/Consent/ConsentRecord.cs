using System;

namespace ChinaDial.Compliance;

/// <summary>A consent to be called: the proof that a marketing call may be placed.</summary>
/// <param name="Number">The callee (E.164).</param>
/// <param name="Purpose">The purpose consented to.</param>
/// <param name="GrantedAt">When the consent was given.</param>
/// <param name="RevokedAt">When it was withdrawn; <see langword="null"/> while active.</param>
/// <param name="Proof">Where the proof is kept (form id, recording id, ...). Required for the purposes in
/// <see cref="ConsentOptions.RequireProof"/> (default: marketing): a consent without it is no consent there. Must not
/// hold a phone number.</param>
/// <param name="Id">The record's own reference (your CRM's consent id), written with every call that relies on it
/// (<see cref="ConsentEvidence.Id"/>). Must not hold a phone number.</param>
public sealed record ConsentRecord(string Number, CallPurpose Purpose, DateTimeOffset GrantedAt, DateTimeOffset? RevokedAt = null, string? Proof = null, string? Id = null);
