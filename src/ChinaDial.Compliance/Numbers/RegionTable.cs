using System;
using System.Collections.Generic;

namespace ChinaDial.Compliance;

/// <summary>Region codes of the number plan, looked up by index on the hot path and by name at start-up.</summary>
internal static class RegionTable
{
    /// <summary>Whether <paramref name="regionCode"/> (e.g. <c>CN</c>, or <c>001</c>) is a region of the number plan.</summary>
    internal static bool IsKnown(string? regionCode) => IndexOf(regionCode) >= 0;

    /// <summary>The index of <paramref name="regionCode"/> in <see cref="NumberPlan.RegionCodes"/>, or -1.</summary>
    internal static int IndexOf(string? regionCode)
    {
        if (regionCode is null)
        {
            return -1;
        }

        var codes = NumberPlan.RegionCodes;
        for (var i = 0; i < codes.Length; i++)
        {
            if (string.Equals(codes[i], regionCode, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>A flag per region index, set for each region in <paramref name="regionCodes"/> (unknown codes ignored).</summary>
    internal static bool[] ToFlags(IEnumerable<string>? regionCodes)
    {
        var flags = new bool[NumberPlan.RegionCodes.Length];
        foreach (var code in regionCodes ?? [])
        {
            var index = IndexOf(code);
            if (index >= 0)
            {
                flags[index] = true;
            }
        }

        return flags;
    }
}
