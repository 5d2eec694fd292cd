using System;
using System.Collections.Generic;

namespace ChinaDial.Compliance.Configuration;

/// <summary><c>Evaluator:PolicyModes</c> must name policies that exist: a misspelt name would leave the policy it meant
/// enforcing (or observing) without a word.</summary>
internal static class PolicyModeNames
{
    /// <summary>The names of the built-in policies (<see cref="BuiltInPolicyNames"/>).</summary>
    internal static readonly IReadOnlyList<string> BuiltIn =
    [
        BuiltInPolicyNames.Destination,
        BuiltInPolicyNames.CallerId,
        BuiltInPolicyNames.CallerIdHealth,
        BuiltInPolicyNames.CallbackVerification,
        BuiltInPolicyNames.RefuseList,
        BuiltInPolicyNames.Consent,
        BuiltInPolicyNames.CallingHours,
        BuiltInPolicyNames.DestinationFrequency,
        BuiltInPolicyNames.CallerIdRate,
        BuiltInPolicyNames.Concurrency,
        BuiltInPolicyNames.CallerIdPacing,
    ];

    /// <summary>The names in <see cref="OutboundCallEvaluatorOptions.PolicyModes"/> that are not in <paramref name="known"/>.</summary>
    internal static List<string> Unknown(ChinaDialComplianceOptions options, IEnumerable<string> known)
    {
        var names = new HashSet<string>(known, StringComparer.OrdinalIgnoreCase);
        var unknown = new List<string>();
        foreach (var name in options.Evaluator?.PolicyModes?.Keys ?? (IEnumerable<string>)[])
        {
            if (name is not null && !names.Contains(name))
            {
                unknown.Add(name);
            }
        }

        return unknown;
    }

    /// <summary>Reports each of <paramref name="unknown"/> as naming no policy, with a suggestion for near misses.</summary>
    internal static void Report(IEnumerable<string> unknown, IReadOnlyCollection<string> known, ICollection<string> errors, string? note = null)
    {
        const string Path = $"{ChinaDialComplianceOptions.SectionName}:Evaluator:PolicyModes";
        foreach (var name in unknown)
        {
            var suggestions = NearMiss.Suggest(name, known);
            var hint = suggestions.Count > 0 ? $"; did you mean {string.Join(" or ", suggestions)}?" : $" (the policies are {string.Join(", ", known)}).";
            errors.Add($"{Path}:{name} names no policy{hint}{note}");
        }
    }
}
