namespace ChinaDial.Compliance.Cli.Tests.Connect;

/// <summary>Tests that set process environment variables (the Connect credentials) run alone. The Connect tests
/// define the same collection in their own assembly (a test host process of its own).</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessEnvironment
{
    public const string Name = "Process environment";
}
