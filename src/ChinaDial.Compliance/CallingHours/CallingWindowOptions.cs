using System;
using System.Collections.Generic;

namespace ChinaDial.Compliance;

/// <summary>A daily calling window in the callee's local time: from <see cref="Start"/> (inclusive) to
/// <see cref="End"/> (exclusive) on the listed <see cref="Days"/>.</summary>
public sealed class CallingWindowOptions
{
    /// <summary>When calls may start, local time. Default 09:00 (industry practice: "do not call before 9am").</summary>
    public TimeSpan Start { get; set; } = TimeSpan.FromHours(9);

    /// <summary>When calls must have stopped, local time (exclusive). Default 21:00 ("or after 9pm").</summary>
    public TimeSpan End { get; set; } = TimeSpan.FromHours(21);

    /// <summary>The days calls may be placed. Default every day.</summary>
    public IList<DayOfWeek> Days { get; set; } = EveryDay();

    /// <summary>A new list of the seven days, the default of every window.</summary>
    internal static List<DayOfWeek> EveryDay() => [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday, DayOfWeek.Saturday, DayOfWeek.Sunday];
}
