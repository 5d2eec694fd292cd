namespace ChinaDial.Compliance;

/// <summary>The warning and critical levels of one caller-ID health signal.</summary>
/// <param name="Warning">The level at which the signal warns.</param>
/// <param name="Critical">The level at which the caller ID is quarantined.</param>
public sealed record HealthThresholds(double Warning, double Critical);
