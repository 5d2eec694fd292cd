using System.Collections.Generic;
using System.Diagnostics.Metrics;

namespace ChinaDial.Compliance;

/// <summary>The evaluator's instruments on the <c>ChinaDial.Compliance</c> meter. Tags never hold a phone number.</summary>
internal static class EvaluatorTelemetry
{
    public static readonly Counter<long> Decisions = ComplianceTelemetry.Meter.CreateCounter<long>(
        "chinadial.decisions", "{decision}", "Decisions, by verdict (allow, defer, deny).");

    public static readonly Counter<long> Reasons = ComplianceTelemetry.Meter.CreateCounter<long>(
        "chinadial.decision.reasons", "{reason}", "Objections, by reason code and policy mode (enforce, observe).");

    public static readonly Counter<long> PolicyErrors = ComplianceTelemetry.Meter.CreateCounter<long>(
        "chinadial.policy.errors", "{error}", "Policies or stores that failed or timed out, by policy name (fail closed: policy_error).");

    public static readonly Histogram<double> Duration = ComplianceTelemetry.Meter.CreateHistogram<double>(
        "chinadial.evaluation.duration", "s", "How long evaluating one call took.");

    private static readonly string[] Verdicts = ["allow", "defer", "deny"];

    public static void Record(CallVerdict verdict, ReasonCodeSet reasons, ReasonCodeSet observed)
    {
        if (Decisions.Enabled)
        {
            Decisions.Add(1, new KeyValuePair<string, object?>("verdict", Verdicts[(int)verdict]));
        }

        if (Reasons.Enabled)
        {
            foreach (var code in reasons)
            {
                Reasons.Add(1, new("reason", code.ToJsonName()), new("mode", "enforce"));
            }

            foreach (var code in observed)
            {
                Reasons.Add(1, new("reason", code.ToJsonName()), new("mode", "observe"));
            }
        }
    }
}
