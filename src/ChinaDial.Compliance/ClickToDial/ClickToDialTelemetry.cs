using System.Collections.Generic;
using System.Diagnostics.Metrics;

namespace ChinaDial.Compliance;

/// <summary>The click-to-dial guard's instruments on the <c>ChinaDial.Compliance</c> meter. Tags never hold a number
/// or an address.</summary>
internal static class ClickToDialTelemetry
{
    public static readonly Counter<long> Requests = ComplianceTelemetry.Meter.CreateCounter<long>(
        "chinadial.click_to_dial.requests", "{request}", "Click-to-dial requests, by outcome (accepted, shadow_accepted, deflected, rejected).");

    public static readonly Counter<long> Reasons = ComplianceTelemetry.Meter.CreateCounter<long>(
        "chinadial.click_to_dial.reasons", "{reason}", "Why click-to-dial requests were not accepted, by outcome and reason code.");

    private static readonly string[] Outcomes = ["accepted", "shadow_accepted", "deflected", "rejected"];

    /// <summary>The outcome's name in tags and audit records.</summary>
    public static string OutcomeName(ClickToDialOutcome outcome) => (uint)outcome < (uint)Outcomes.Length ? Outcomes[(int)outcome] : "unknown";

    public static void Record(in ClickToDialResult result)
    {
        var outcome = OutcomeName(result.Outcome);
        if (Requests.Enabled)
        {
            Requests.Add(1, new KeyValuePair<string, object?>("outcome", outcome));
        }

        if (Reasons.Enabled)
        {
            foreach (var code in result.Reasons)
            {
                Reasons.Add(1, new("outcome", outcome), new("reason", code.ToJsonName()));
            }
        }
    }
}
