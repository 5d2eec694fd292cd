namespace ChinaDial.Compliance.Tests;

/// <summary>
/// Tests that measure retained memory with <see cref="GC.GetTotalMemory(bool)"/> see the whole process heap, so they
/// run alone: after every parallel test, never beside one. xunit reads a collection's definition only from the test
/// assembly itself, so each test project that uses <see cref="Name"/> defines it (see <c>MemoryMeasurementRunsAlone</c>
/// there).
/// </summary>
public static class MemoryMeasurement
{
    public const string Name = "Memory measurement";
}
