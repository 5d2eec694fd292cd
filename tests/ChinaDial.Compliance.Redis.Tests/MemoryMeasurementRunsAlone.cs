namespace ChinaDial.Compliance.Redis.Tests;

/// <summary>The <see cref="MemoryMeasurement.Name"/> collection of this test assembly: its tests run alone.</summary>
[CollectionDefinition(MemoryMeasurement.Name, DisableParallelization = true)]
public sealed class MemoryMeasurementRunsAlone;
