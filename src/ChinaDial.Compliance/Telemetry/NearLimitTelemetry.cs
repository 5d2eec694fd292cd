using System.Collections.Generic;
using System.Diagnostics.Metrics;

namespace ChinaDial.Compliance;

/// <summary>The "near a limit" counter on the <c>ChinaDial.Compliance</c> meter: alerts before breaches. Tags never
/// hold a number.</summary>
internal static class NearLimitTelemetry
{
    /// <summary>The <c>limit</c> tag of the caller-ID rate limit.</summary>
    public const string CallerIdRate = "caller_id_rate";

    /// <summary>The <c>limit</c> tag of the cap on calls in progress.</summary>
    public const string Concurrency = "concurrency";

    /// <summary>The <c>limit</c> tag of the destination frequency caps.</summary>
    public const string DestinationFrequency = "destination_frequency";

    public static readonly Counter<long> NearLimit = ComplianceTelemetry.Meter.CreateCounter<long>(
        "chinadial.limit.near", "{call}", "Allowed calls that left their caller ID (or callee) at or above Alerts:NearLimitShare of a limit, by limit (caller_id_rate, concurrency, destination_frequency).");

    public static void Record(string limit) => NearLimit.Add(1, new KeyValuePair<string, object?>("limit", limit));
}
