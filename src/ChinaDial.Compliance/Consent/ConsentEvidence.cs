using System;

namespace ChinaDial.Compliance;

/// <summary>
/// Which consent a call relied on, as its audit record keeps it: the consent record's reference, where its proof is
/// kept, and when it was granted. Never a phone number: the audit record joins it to the callee by the number's keyed
/// hash.
/// </summary>
/// <param name="Id">The consent record's own reference (<see cref="ConsentRecord.Id"/>: your CRM's record id, a
/// consents file's <c>file:line</c>); <see langword="null"/> when it was recorded without one, and then the callee's
/// hash, the purpose and <paramref name="GrantedAt"/> name the record (a store keeps one grant per number, purpose and
/// instant).</param>
/// <param name="Proof">Where the proof of consent is kept (a signed form's id, a call recording's id, …);
/// <see langword="null"/> when the consent was recorded without proof, which a purpose in
/// <see cref="ConsentOptions.RequireProof"/> refuses (<c>no_consent</c>).</param>
/// <param name="GrantedAt">When the consent was given.</param>
public sealed record ConsentEvidence(string? Id, string? Proof, DateTimeOffset GrantedAt)
{
    /// <summary>Whether the consent carries a proof reference (not empty or blank).</summary>
    public bool HasProof => !string.IsNullOrWhiteSpace(Proof);
}
