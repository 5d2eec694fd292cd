using System;
using System.Collections.Generic;
using System.Linq;
using ChinaDial.Compliance.Cli.Input;

namespace ChinaDial.Compliance.Cli.Report;

/// <summary>What the HTML report shows, gathered from a replay: counts per minute, never a raw phone number.</summary>
internal sealed class ReportStatistics
{
    public const int Allowed = 0;

    public Dictionary<string, Dictionary<long, int>> AllowedPerMinuteByCallerId { get; } = new(StringComparer.Ordinal);

    /// <summary>Minute → count of allowed calls (index 0) and of each reason code (index = code).</summary>
    public SortedDictionary<long, int[]> OutcomesPerMinute { get; } = [];

    public Dictionary<string, int> DeniedDestinations { get; } = new(StringComparer.Ordinal);

    public int[] Verdicts { get; } = new int[3];

    public long FirstMinute { get; private set; } = long.MaxValue;

    public long LastMinute { get; private set; } = long.MinValue;

    /// <summary>The enforced reasons of the calls not allowed, by verdict (index) and reason code: a call refused for
    /// two reasons counts under both.</summary>
    public int[][] ReasonsByVerdict { get; } = [new int[ReasonCodeCount], new int[ReasonCodeCount], new int[ReasonCodeCount]];

    /// <summary>The objections of policies in Observe mode (they blocked nothing), by reason code.</summary>
    public int[] Observed { get; } = new int[ReasonCodeCount];

    /// <summary>How many calls had an objection observed.</summary>
    public int ObservedCalls { get; private set; }

    /// <summary>The end of the replay: the minute after the last call's (the last instant there is at most); the Unix
    /// epoch when there was no call.</summary>
    public DateTimeOffset End => LastMinute == long.MinValue
        ? DateTimeOffset.UnixEpoch
        : new DateTimeOffset(Math.Min((LastMinute + 1) * TimeSpan.TicksPerMinute, DateTimeOffset.MaxValue.UtcTicks), TimeSpan.Zero);

    public void Add(CallRow row, CallDecision decision)
    {
        var minute = row.At.UtcTicks / TimeSpan.TicksPerMinute;
        FirstMinute = Math.Min(FirstMinute, minute);
        LastMinute = Math.Max(LastMinute, minute);
        Verdicts[(int)decision.Verdict]++;
        ObservedCalls += decision.ObservedReasons.IsEmpty ? 0 : 1;
        foreach (var code in decision.ObservedReasons)
        {
            Observed[(int)code]++;
        }

        if (!OutcomesPerMinute.TryGetValue(minute, out var outcomes))
        {
            OutcomesPerMinute[minute] = outcomes = new int[ReasonCodeCount];
        }

        if (decision.IsAllowed)
        {
            outcomes[Allowed]++;
            var callerId = PhoneNumberClassifier.Classify(row.CallerId).ToMaskedString();
            if (!AllowedPerMinuteByCallerId.TryGetValue(callerId, out var perMinute))
            {
                AllowedPerMinuteByCallerId[callerId] = perMinute = [];
            }

            perMinute[minute] = perMinute.GetValueOrDefault(minute) + 1;
            return;
        }

        foreach (var code in decision.Reasons)
        {
            outcomes[(int)code]++;
            ReasonsByVerdict[(int)decision.Verdict][(int)code]++;
        }

        if (decision.Verdict == CallVerdict.Deny)
        {
            var destination = PhoneNumberClassifier.Classify(row.Destination).ToMaskedString();
            DeniedDestinations[destination] = DeniedDestinations.GetValueOrDefault(destination) + 1;
        }
    }

    public static int ReasonCodeCount { get; } = (int)Enum.GetValues<ReasonCode>().Max() + 1; // values have gaps
}
