using System;

namespace ChinaDial.Compliance;

/// <summary>How a placed call ended; completes a <see cref="CallTicket"/> and feeds caller-ID health.</summary>
/// <param name="Answered">Whether the callee answered.</param>
/// <param name="Duration">How long the call was connected (zero when not answered).</param>
/// <param name="EndReason">Why the call ended.</param>
public readonly record struct CallOutcome(bool Answered, TimeSpan Duration, CallEndReason EndReason = CallEndReason.Completed);
