using System;
using System.Collections.Generic;

namespace ChinaDial.Compliance;

/// <summary>How <see cref="OutboundCallEvaluator"/> runs its policies.</summary>
public sealed class OutboundCallEvaluatorOptions
{
    /// <summary>The longest <see cref="PolicyTimeout"/>: a minute. A dialer waiting longer for a decision has a store
    /// that is down, and a denial should come sooner.</summary>
    public static readonly TimeSpan MaxPolicyTimeout = TimeSpan.FromMinutes(1);

    /// <summary>The longest <see cref="TicketLifetime"/>: a day, longer than any call.</summary>
    public static readonly TimeSpan MaxTicketLifetime = TimeSpan.FromDays(1);

    /// <summary>The longest <see cref="SchedulingHorizon"/>: 366 days.</summary>
    public static readonly TimeSpan MaxSchedulingHorizon = TimeSpan.FromDays(366);

    /// <summary>The longest <see cref="ClockSkewTolerance"/>: a minute.</summary>
    public static readonly TimeSpan MaxClockSkewTolerance = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How long the asynchronous policies of one decision (e.g. those backed by a remote store) may take together
    /// before the call is denied with <see cref="ReasonCode.PolicyError"/>: one deadline per decision, counted from
    /// the start of the evaluation, not one per policy. Default 250 ms; more than zero and at most
    /// <see cref="MaxPolicyTimeout"/>. Policies that answer synchronously are not timed.
    /// </summary>
    public TimeSpan PolicyTimeout { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// How long a ticket stays open when the dialer neither completes nor cancels it; quota held for calls in
    /// progress (concurrency) lapses with it. Default 2 hours, longer than any expected call; more than zero and at
    /// most <see cref="MaxTicketLifetime"/>.
    /// </summary>
    public TimeSpan TicketLifetime { get; set; } = TimeSpan.FromHours(2);

    /// <summary>
    /// How far ahead of the evaluator's clock a call's <see cref="OutboundCall.RequestedAt"/> may lie. A call
    /// requested later than this is denied with <see cref="ReasonCode.RequestedTimeOutOfRange"/>; a call requested
    /// within it, but later than <see cref="ClockSkewTolerance"/>, is judged for that instant without reserving quota
    /// and deferred to it (<see cref="ReasonCode.NotYetDue"/>). Default 7 days (a dialer's callback schedule); more
    /// than zero and at most <see cref="MaxSchedulingHorizon"/>.
    /// </summary>
    public TimeSpan SchedulingHorizon { get; set; } = TimeSpan.FromDays(7);

    /// <summary>
    /// How far ahead of the evaluator's clock a <see cref="OutboundCall.RequestedAt"/> still counts as now: the clock
    /// difference between a dialer node and the evaluator. Within it the call is judged, and may be placed, now.
    /// Default 1 second; zero or more and at most <see cref="MaxClockSkewTolerance"/>.
    /// </summary>
    public TimeSpan ClockSkewTolerance { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The mode of each policy by its <see cref="IOutboundCallPolicy.Name"/>; policies not listed enforce. A name
    /// that is not one of the evaluator's policies is an error (a typo would otherwise leave a policy enforcing, or
    /// a policy meant to enforce in observe mode).
    /// </summary>
    public IDictionary<string, PolicyMode> PolicyModes { get; set; } = new Dictionary<string, PolicyMode>(StringComparer.OrdinalIgnoreCase);

    internal void Validate(ICollection<string> errors, string path)
    {
        CheckRange(PolicyTimeout, TimeSpan.Zero, inclusiveLow: false, MaxPolicyTimeout, errors, $"{path}:PolicyTimeout");
        CheckRange(TicketLifetime, TimeSpan.Zero, inclusiveLow: false, MaxTicketLifetime, errors, $"{path}:TicketLifetime");
        CheckRange(SchedulingHorizon, TimeSpan.Zero, inclusiveLow: false, MaxSchedulingHorizon, errors, $"{path}:SchedulingHorizon");
        CheckRange(ClockSkewTolerance, TimeSpan.Zero, inclusiveLow: true, MaxClockSkewTolerance, errors, $"{path}:ClockSkewTolerance");
        if (ClockSkewTolerance >= SchedulingHorizon && SchedulingHorizon > TimeSpan.Zero)
        {
            errors.Add($"{path}:ClockSkewTolerance ({ClockSkewTolerance}) must be shorter than SchedulingHorizon ({SchedulingHorizon}).");
        }

        if (PolicyModes is null)
        {
            errors.Add($"{path}:PolicyModes must not be null.");
            return;
        }

        foreach (var (name, mode) in PolicyModes)
        {
            if (string.IsNullOrWhiteSpace(name))
            {
                errors.Add($"{path}:PolicyModes has an empty policy name.");
            }

            if (!Enum.IsDefined(mode))
            {
                errors.Add($"{path}:PolicyModes:{name} must be Enforce or Observe; it is {(int)mode}.");
            }
        }
    }

    private static void CheckRange(TimeSpan value, TimeSpan low, bool inclusiveLow, TimeSpan high, ICollection<string> errors, string path)
    {
        if ((inclusiveLow ? value < low : value <= low) || value > high)
        {
            var lower = inclusiveLow ? $"at least {low}" : $"more than {low}";
            errors.Add($"{path} must be {lower} and at most {high}; it is {value}.");
        }
    }
}
