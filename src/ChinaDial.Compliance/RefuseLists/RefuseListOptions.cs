using System;
using System.Collections.Generic;

namespace ChinaDial.Compliance;

/// <summary>
/// Refuse-call and do-not-call lists: the carriers' "refuse calls" registrations (骚扰电话拒接 / 来电免打扰, which
/// China Telecom, China Mobile and China Unicom offer with the CAICT since 2019: a subscriber registers the kinds of
/// commercial calls they refuse), a regulator's list, your own do-not-call list. A callee on a list that applies to the
/// call's purpose is refused with <c>refuse_call_listed</c>, told apart from the callee's own opt-out
/// (<c>opted_out</c>). Bound from the <c>ChinaDialCompliance:RefuseLists</c> section; the lists' contents are imported
/// from files (<see cref="IRefuseListStore.ImportAsync"/>, <c>chinadial screen --refuse-list NAME=FILE</c>).
/// </summary>
public sealed class RefuseListOptions
{
    /// <summary>The longest list name.</summary>
    internal const int MaxNameLength = 64;

    /// <summary>
    /// List name → the purposes it applies to, e.g. <c>{ "carrier-refuse-call": ["Marketing"] }</c>. Names are 1 to 64
    /// lower-case letters, digits, <c>-</c> or <c>_</c> (they name Redis keys). A list named here and never imported
    /// refuses every call of its purposes with <c>policy_error</c> (fail closed: a list that failed to load must not let
    /// the people on it be called). Default: no list.
    /// </summary>
    public IDictionary<string, IList<CallPurpose>> Lists { get; set; } = new Dictionary<string, IList<CallPurpose>>(StringComparer.Ordinal);

    /// <summary>Adds one error per bad entry to <paramref name="errors"/>, each naming its key under <paramref name="path"/>.</summary>
    internal void Validate(ICollection<string> errors, string path)
    {
        if (!OptionChecks.NotNull(errors, $"{path}:Lists", Lists))
        {
            return;
        }

        foreach (var (name, purposes) in Lists)
        {
            if (!IsValidListName(name))
            {
                errors.Add($"{path}:Lists:{name} is not a list name: 1 to {MaxNameLength} lower-case letters, digits, '-' or '_'.");
            }

            if (!OptionChecks.NotNull(errors, $"{path}:Lists:{name}", purposes))
            {
                continue;
            }

            if (purposes.Count == 0)
            {
                errors.Add($"{path}:Lists:{name} names no purpose; list the purposes it applies to (e.g. [\"Marketing\"]), or remove the list.");
            }

            var seen = new HashSet<CallPurpose>();
            for (var i = 0; i < purposes.Count; i++)
            {
                if (OptionChecks.Defined(errors, $"{path}:Lists:{name}:{i}", purposes[i]) && !seen.Add(purposes[i]))
                {
                    errors.Add($"{path}:Lists:{name}:{i} '{purposes[i]}' is named twice.");
                }
            }
        }
    }

    /// <summary>Whether <paramref name="name"/> is a valid name for a list in <see cref="Lists"/>: 1 to 64 lower-case
    /// letters, digits, <c>-</c> or <c>_</c> (the options' validation refuses any other), for a tool that takes list
    /// names from its user.</summary>
    /// <param name="name">The would-be list name.</param>
    /// <returns>Whether the options' validation accepts it as a list name.</returns>
    public static bool IsValidListName(string? name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > MaxNameLength)
        {
            return false;
        }

        foreach (var c in name)
        {
            if (c is not ((>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '_'))
            {
                return false;
            }
        }

        return true;
    }
}
