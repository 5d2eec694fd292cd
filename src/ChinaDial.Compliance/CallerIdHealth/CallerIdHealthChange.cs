using System;

namespace ChinaDial.Compliance;

/// <summary>A caller ID crossed a warning or critical level, or came back from quarantine.</summary>
/// <param name="CallerId">The caller ID (E.164).</param>
/// <param name="State">The new state.</param>
/// <param name="Signal">The signal that crossed its level (for a warning or a quarantine).</param>
/// <param name="Value">The signal's value when it crossed.</param>
/// <param name="At">When it happened.</param>
public sealed record CallerIdHealthChange(string CallerId, CallerIdHealthState State, CallerIdHealthSignal? Signal, double Value, DateTimeOffset At);
