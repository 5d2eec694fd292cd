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

    /// <summary>Adds one error per bad entry to <paramref name="errors"/>, each naming its key under <paramref name="path"/>.
    /// (<see cref="CallingHoursOptions.StopBeforeEnd"/>, which shortens every window, is checked by its options.)</summary>
    internal void Validate(ICollection<string> errors, string path) => Check(errors, path, Start, End, Days, TimeSpan.Zero);

    /// <summary>The checks of one window: <paramref name="start"/> and <paramref name="end"/> within the day, the start
    /// before the end less <paramref name="stopBeforeEnd"/>, and at least one day, each a day of the week (0-6) once.</summary>
    internal static void Check(ICollection<string> errors, string path, TimeSpan start, TimeSpan end, IList<DayOfWeek>? days, TimeSpan stopBeforeEnd)
    {
        var startOk = start >= TimeSpan.Zero && start < TimeSpan.FromDays(1);
        var endOk = end > TimeSpan.Zero && end <= TimeSpan.FromDays(1);
        if (!startOk)
        {
            errors.Add($"{path}:Start must be a time of day from 00:00:00 to before 24:00:00; it is {OptionChecks.Text(start)}.");
        }

        if (!endOk)
        {
            errors.Add($"{path}:End must be a time of day after 00:00:00 and at most 1.00:00:00 (midnight); it is {OptionChecks.Text(end)}.");
        }

        if (startOk && endOk && stopBeforeEnd >= TimeSpan.Zero && start >= end - stopBeforeEnd)
        {
            errors.Add(stopBeforeEnd == TimeSpan.Zero
                ? $"{path}: Start ({OptionChecks.Text(start)}) must come before End ({OptionChecks.Text(end)})."
                : $"{path}: Start ({OptionChecks.Text(start)}) must come before End ({OptionChecks.Text(end)}) less StopBeforeEnd ({OptionChecks.Text(stopBeforeEnd)}).");
        }

        if (!OptionChecks.NotNull(errors, $"{path}:Days", days))
        {
            return;
        }

        if (days.Count == 0)
        {
            errors.Add($"{path}:Days must name at least one day.");
        }

        var seen = new bool[7];
        for (var i = 0; i < days.Count; i++)
        {
            if (!OptionChecks.Defined(errors, $"{path}:Days:{i}", days[i]))
            {
                continue;
            }

            if (seen[(int)days[i]])
            {
                errors.Add($"{path}:Days:{i} names {days[i]} a second time.");
            }

            seen[(int)days[i]] = true;
        }
    }

    /// <summary>A new list of the seven days, the default of every window.</summary>
    internal static List<DayOfWeek> EveryDay() => [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday, DayOfWeek.Saturday, DayOfWeek.Sunday];
}
