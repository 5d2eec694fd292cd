using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace ChinaDial.Compliance;

/// <summary>The <see cref="Meter"/> and <see cref="ActivitySource"/> named <c>ChinaDial.Compliance</c> every part of the SDK reports through.</summary>
internal static class ComplianceTelemetry
{
    /// <summary>The name of the meter and of the activity source.</summary>
    public const string Name = "ChinaDial.Compliance";

    public static readonly Meter Meter = new(Name, typeof(ComplianceTelemetry).Assembly.GetName().Version?.ToString());

    public static readonly ActivitySource ActivitySource = new(Name, typeof(ComplianceTelemetry).Assembly.GetName().Version?.ToString());
}
