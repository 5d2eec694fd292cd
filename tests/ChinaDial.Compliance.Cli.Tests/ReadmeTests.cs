namespace ChinaDial.Compliance.Cli.Tests;

public class ReadmeTests
{
    [Fact]
    public void The_readme_library_samples_are_the_compiled_quick_start_sample()
    {
        var program = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "samples", "ChinaDial.Compliance.QuickStart", "Program.cs"));
        var snippets = program.Split("// README:begin\n").Skip(1).Select(part => part[..part.IndexOf("// README:end", StringComparison.Ordinal)]).ToList();
        var readme = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "README.md"));

        Assert.Equal(3, snippets.Count);
        Assert.All(snippets, snippet => Assert.Contains("```csharp\n" + snippet + "```", readme, StringComparison.Ordinal));
    }

    [Fact]
    public void The_readme_has_exactly_the_two_set_up_commands_and_ci_runs_the_test_one()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "README.md"));
        var quickStart = readme[readme.IndexOf("## Quick start", StringComparison.Ordinal)..readme.IndexOf("## Using the library", StringComparison.Ordinal)];
        var commands = quickStart.Split("```sh\n").Skip(1).Select(block => block[..block.IndexOf("```", StringComparison.Ordinal)].Trim()).ToList();

        Assert.Equal(2, commands.Count);
        Assert.Equal("dotnet run --project src/ChinaDial.Compliance.Cli -- " + string.Join(' ', EndToEnd.SampleCampaignTests.SampleScreen), commands[0]);
        Assert.Contains(commands[1].TrimStart('.', '/'), File.ReadAllText(Path.Combine(RepositoryRoot.Path, ".ci", "run")), StringComparison.Ordinal);
    }
}
