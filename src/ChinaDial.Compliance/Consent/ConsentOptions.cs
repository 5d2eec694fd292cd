using System.Collections.Generic;

namespace ChinaDial.Compliance;

/// <summary>Which calls need consent. Bound from the <c>ChinaDialCompliance:Consent</c> configuration section.</summary>
public sealed class ConsentOptions
{
    /// <summary>The purposes that need an active consent on record (<c>no_consent</c> otherwise). Default
    /// <c>Marketing</c>: under China's rules no consent on record counts as refusal for marketing calls.
    /// Opt-outs apply to every purpose they name, whether it needs consent or not.</summary>
    public IList<CallPurpose> RequiredFor { get; set; } = [CallPurpose.Marketing];

    /// <summary>Adds one error per bad entry to <paramref name="errors"/>, each naming its key under <paramref name="path"/>.</summary>
    internal void Validate(ICollection<string> errors, string path)
    {
        if (!OptionChecks.NotNull(errors, $"{path}:RequiredFor", RequiredFor))
        {
            return;
        }

        for (var i = 0; i < RequiredFor.Count; i++)
        {
            OptionChecks.Defined(errors, $"{path}:RequiredFor:{i}", RequiredFor[i]);
        }
    }
}
