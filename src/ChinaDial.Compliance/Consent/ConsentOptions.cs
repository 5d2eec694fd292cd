using System.Collections.Generic;

namespace ChinaDial.Compliance;

/// <summary>Which calls need consent. Bound from the <c>ChinaDialCompliance:Consent</c> configuration section.</summary>
public sealed class ConsentOptions
{
    /// <summary>The purposes that need an active consent on record (<c>no_consent</c> otherwise). Default
    /// <c>Marketing</c>: under China's rules no consent on record counts as refusal for marketing calls.
    /// Opt-outs apply to every purpose they name, whether it needs consent or not.</summary>
    public IList<CallPurpose> RequiredFor { get; set; } = [CallPurpose.Marketing];

    internal void Validate(ICollection<string> errors, string path)
    {
        if (RequiredFor is null)
        {
            errors.Add($"{path}:RequiredFor must not be null.");
            return;
        }

        for (var i = 0; i < RequiredFor.Count; i++)
        {
            if (!System.Enum.IsDefined(RequiredFor[i]))
            {
                errors.Add($"{path}:RequiredFor[{i}] is not a call purpose (Marketing, Service, Callback).");
            }
        }
    }
}
