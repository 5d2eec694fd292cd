using System.Diagnostics;
using System.Text.Json;

namespace ChinaDial.Compliance.Cli.Tests.EndToEnd;

/// <summary>Runs the built <c>chinadial</c> (the CLI project's own output folder) as a separate process.</summary>
/// <remarks>Not the copy beside the tests: the tests also reference the click-to-dial sample, whose ASP.NET Core shared
/// framework replaces the Microsoft.Extensions packages the CLI's deps.json expects beside it.</remarks>
internal sealed record BuiltCli(int ExitCode, string Stdout, string Stderr)
{
    public static BuiltCli Run(params string[] args) => Run(new Dictionary<string, string>(), args);

    /// <summary>Runs the tool with <paramref name="environment"/> added to this process's environment.</summary>
    public static BuiltCli Run(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = RepositoryRoot.Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        start.ArgumentList.Add(CliPath);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        Assert.True(process.WaitForExit(60_000), "chinadial did not finish within 60 s");
        return new BuiltCli(process.ExitCode, stdout, stderr.GetAwaiter().GetResult());
    }

    /// <summary>src/ChinaDial.Compliance.Cli/bin/{configuration}/{framework}/chinadial.dll, built with the tests.</summary>
    private static string CliPath { get; } = FindCli();

    public IReadOnlyList<JsonElement> Lines
        => Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement).ToList();

    private static string FindCli()
    {
        var framework = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        return Path.Combine(RepositoryRoot.Path, "src", "ChinaDial.Compliance.Cli", "bin", framework.Parent!.Name, framework.Name, "chinadial.dll");
    }
}
