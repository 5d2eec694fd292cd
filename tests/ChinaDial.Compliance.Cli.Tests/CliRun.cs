using System.Text.Json;

namespace ChinaDial.Compliance.Cli.Tests;

/// <summary>Runs the <c>chinadial</c> command tree in-process and captures its streams.</summary>
internal sealed record CliRun(int ExitCode, string Stdout, string Stderr)
{
    public static CliRun Of(params string[] args)
    {
        using var stdout = new MemoryStream();
        using var stderr = new StringWriter();
        var exit = ChinaDialCli.Run(args, stdout, stderr);
        return new CliRun(exit, System.Text.Encoding.UTF8.GetString(stdout.ToArray()), stderr.ToString());
    }

    public IReadOnlyList<JsonElement> Lines
        => Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement).ToList();
}

/// <summary>A temporary file deleted on dispose.</summary>
internal sealed class TempFile : IDisposable
{
    public TempFile(string content, string extension = ".txt")
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"chinadial-{Guid.NewGuid():N}{extension}");
        File.WriteAllText(Path, content);
    }

    public string Path { get; }

    public void Dispose() => File.Delete(Path);
}
