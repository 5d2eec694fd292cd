using System.Collections.Generic;

namespace ChinaDial.Compliance;

/// <summary>Which calls need consent on record, and which consents need proof. Bound from the
/// <c>ChinaDialCompliance:Consent</c> configuration section.</summary>
public sealed class ConsentOptions
{
    /// <summary>The purposes that need an active consent on record (<c>no_consent</c> otherwise). Default
    /// <c>Marketing</c>: under China's rules no consent on record counts as refusal for marketing calls.
    /// Opt-outs apply to every purpose they name, whether it needs consent or not.</summary>
    public IList<CallPurpose> RequiredFor { get; set; } = [CallPurpose.Marketing];

    /// <summary>
    /// The purposes whose consent must carry a proof reference (<see cref="ConsentRecord.Proof"/>): a consent without
    /// one is no consent for them (<c>no_consent</c>, and the call's audit record names the consent found without
    /// proof). Proof is asked of the consents calls need: a purpose here and not in <see cref="RequiredFor"/> needs no
    /// consent, so nothing. Default <c>Marketing</c>: the 12321 reporting centre and
    /// the carriers ask a caller for the proof of a marketing call's consent, so a consent nobody can prove is none.
    /// Set <c>[]</c> to accept consents without proof.
    /// </summary>
    public IList<CallPurpose> RequireProof { get; set; } = [CallPurpose.Marketing];

    /// <summary>Adds one error per bad entry to <paramref name="errors"/>, each naming its key under <paramref name="path"/>.</summary>
    internal void Validate(ICollection<string> errors, string path)
    {
        var proof = OptionChecks.NotNull(errors, $"{path}:RequireProof", RequireProof);
        if (OptionChecks.NotNull(errors, $"{path}:RequiredFor", RequiredFor))
        {
            for (var i = 0; i < RequiredFor.Count; i++)
            {
                OptionChecks.Defined(errors, $"{path}:RequiredFor:{i}", RequiredFor[i]);
            }
        }

        if (!proof)
        {
            return;
        }

        for (var i = 0; i < RequireProof.Count; i++)
        {
            OptionChecks.Defined(errors, $"{path}:RequireProof:{i}", RequireProof[i]);
        }
    }
}
