namespace ChinaDial.Compliance.Tests;

/// <summary>
/// Tests that measure retained memory with <see cref="GC.GetTotalMemory(bool)"/> see the whole process heap, so they
/// run alone: after every parallel test, never beside one.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MemoryMeasurement
{
    public const string Name = "Memory measurement";
}
