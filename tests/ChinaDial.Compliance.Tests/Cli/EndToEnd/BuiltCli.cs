using System.Diagnostics;
using System.Text.Json;

namespace ChinaDial.Compliance.Tests.Cli.EndToEnd;

/// <summary>Runs the built <c>chinadial</c> (the CLI project's output, copied beside the tests) as a separate process.</summary>
internal sealed record BuiltCli(int ExitCode, string Stdout, string Stderr)
{
    public static BuiltCli Run(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = RepositoryRoot.Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "chinadial.dll"));
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

    public IReadOnlyList<JsonElement> Lines
        => Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement).ToList();
}
