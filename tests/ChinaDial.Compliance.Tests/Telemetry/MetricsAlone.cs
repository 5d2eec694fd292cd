namespace ChinaDial.Compliance.Tests.Telemetry;

/// <summary>Tests that count measurements of the process-wide <c>ChinaDial.Compliance</c> meter run alone: another
/// test's calls would add to the counts.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MetricsAlone
{
    public const string Name = "Telemetry (alone)";
}
