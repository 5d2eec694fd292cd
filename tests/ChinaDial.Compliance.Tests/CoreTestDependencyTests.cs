namespace ChinaDial.Compliance.Tests;

/// <summary>
/// The core unit tests test the core alone (issue 20): neither this assembly nor the shared test utilities reference
/// an adapter package or the tool, and none of them is even copied next to the tests (a project reference pulled in
/// through another project would put it there).
/// </summary>
public class CoreTestDependencyTests
{
    private static readonly string[] AdapterAssemblies =
    [
        "ChinaDial.Compliance.Extensions", "ChinaDial.Compliance.Redis", "ChinaDial.Compliance.Connect", "chinadial",
        "StackExchange.Redis", "AWSSDK.Core", "Microsoft.Extensions.DependencyInjection",
    ];

    [Fact]
    public void The_core_tests_and_the_test_utilities_reference_the_core_and_no_adapter()
    {
        var references = new[] { typeof(CoreTestDependencyTests).Assembly, typeof(TestNumbers).Assembly }
            .SelectMany(assembly => assembly.GetReferencedAssemblies())
            .Select(name => name.Name)
            .ToList();

        Assert.Contains("ChinaDial.Compliance", references);
        Assert.Contains("ChinaDial.Compliance.TestUtils", references);
        Assert.DoesNotContain(references, name => AdapterAssemblies.Contains(name, StringComparer.OrdinalIgnoreCase));
    }

    [Fact]
    public void No_adapter_assembly_is_deployed_with_the_core_tests()
    {
        Assert.True(File.Exists(Path.Combine(AppContext.BaseDirectory, "ChinaDial.Compliance.dll")));
        Assert.All(AdapterAssemblies, name => Assert.False(File.Exists(Path.Combine(AppContext.BaseDirectory, name + ".dll")), name));
    }
}
