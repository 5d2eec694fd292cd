using System;
using System.Collections.Generic;

namespace ChinaDial.Compliance.Configuration;

/// <summary>Suggestions for misspelt keys: the names within a small edit distance (insertions, deletions,
/// substitutions and swaps of neighbours, case ignored) of what was written.</summary>
internal static class NearMiss
{
    /// <summary>"<c>path:key</c> is not an option; did you mean <c>X</c>?", or the list of the options there.</summary>
    public static string NotAnOption(string path, string key, IEnumerable<string> names)
    {
        var suggestions = Suggest(key, names);
        return suggestions.Count > 0
            ? $"{path}:{key} is not an option; did you mean {string.Join(" or ", suggestions)}?"
            : $"{path}:{key} is not an option (the options of {path} are {string.Join(", ", names)}).";
    }

    /// <summary>The names closest to <paramref name="written"/>, when close enough to be a typo of it: at most one edit
    /// for names up to 4 characters, two up to 11, three beyond.</summary>
    public static List<string> Suggest(string written, IEnumerable<string> names)
    {
        var best = int.MaxValue;
        var suggestions = new List<string>();
        foreach (var name in names)
        {
            var distance = Distance(written, name);
            var allowed = name.Length <= 4 ? 1 : name.Length <= 11 ? 2 : 3;
            if (distance > allowed || distance > best)
            {
                continue;
            }

            if (distance < best)
            {
                best = distance;
                suggestions.Clear();
            }

            if (!suggestions.Contains(name))
            {
                suggestions.Add(name);
            }
        }

        return suggestions;
    }

    /// <summary>The optimal-string-alignment distance between <paramref name="a"/> and <paramref name="b"/>, ignoring case.</summary>
    public static int Distance(string a, string b)
    {
        var rows = new int[3][];
        for (var r = 0; r < 3; r++)
        {
            rows[r] = new int[b.Length + 1];
        }

        for (var j = 0; j <= b.Length; j++)
        {
            rows[1][j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            // rows[0]: i - 2, rows[1]: i - 1, rows[2]: i.
            var current = rows[2];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var same = char.ToUpperInvariant(a[i - 1]) == char.ToUpperInvariant(b[j - 1]);
                var cost = Math.Min(Math.Min(rows[1][j] + 1, current[j - 1] + 1), rows[1][j - 1] + (same ? 0 : 1));
                if (i > 1 && j > 1
                    && char.ToUpperInvariant(a[i - 1]) == char.ToUpperInvariant(b[j - 2])
                    && char.ToUpperInvariant(a[i - 2]) == char.ToUpperInvariant(b[j - 1]))
                {
                    cost = Math.Min(cost, rows[0][j - 2] + 1);
                }

                current[j] = cost;
            }

            (rows[0], rows[1], rows[2]) = (rows[1], current, rows[0]);
        }

        return rows[1][b.Length];
    }
}
