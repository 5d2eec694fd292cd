using System;
using System.Collections.Generic;

namespace ChinaDial.Compliance;

/// <summary>At most <see cref="Limit"/> attempts in any sliding <see cref="Window"/>.</summary>
public sealed class FrequencyCap
{
    /// <summary>Creates an empty cap (for configuration binding).</summary>
    public FrequencyCap()
    {
    }

    /// <summary>Creates a cap of <paramref name="limit"/> attempts per <paramref name="window"/>.</summary>
    public FrequencyCap(int limit, TimeSpan window)
    {
        Limit = limit;
        Window = window;
    }

    /// <summary>At most this many attempts (1 to 255) ...</summary>
    public int Limit { get; set; }

    /// <summary>... in any window of this length (sliding, more than 0 and at most 366 days).</summary>
    public TimeSpan Window { get; set; }

    /// <summary>Adds one error per bad value to <paramref name="errors"/>, each naming its key under <paramref name="path"/>.</summary>
    internal void Validate(ICollection<string> errors, string path)
    {
        OptionChecks.Between(errors, $"{path}:Limit", Limit, 1, SlidingLogTable.MaxLimit);
        OptionChecks.Positive(errors, $"{path}:Window", Window, OptionChecks.MaxWindow);
    }
}
