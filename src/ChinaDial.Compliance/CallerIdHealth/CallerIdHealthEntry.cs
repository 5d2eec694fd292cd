using System;

namespace ChinaDial.Compliance;

/// <summary>The health state of one caller ID: about 450 bytes, created once per caller ID.</summary>
internal sealed class CallerIdHealthEntry(TimeSpan window)
{
    public readonly OutcomeRing Outcomes = new(window);
    public readonly HourlyCallees Callees = new();

    /// <summary>UTC ticks at which the quarantine ends; 0 when not quarantined.</summary>
    public long QuarantinedUntilTicks;

    /// <summary>UTC ticks until which the caller ID counts as warning: a window after a signal was last at its warning level.</summary>
    public long WarningUntilTicks;
}
