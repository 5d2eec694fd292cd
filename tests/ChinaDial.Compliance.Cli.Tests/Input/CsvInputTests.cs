using System.Text;

namespace ChinaDial.Compliance.Cli.Tests.Input;

/// <summary>The rules every CSV file of the tool is read by (calls, consents, opt-outs, a caller-ID inventory).</summary>
public class CsvInputTests
{
    private const string Calls = "id,at,caller_id,destination,purpose\n1,2026-11-23T10:00:00+08:00,+12065550100,+8613800138000,service\n";
    private const string Consents = "number,purpose,granted_at,revoked_at,proof\n+8613800138000,marketing,2026-11-01T00:00:00Z,,form-1\n";
    private const string OptOuts = "number,purpose,at\n+8613800138000,all,2026-11-01T00:00:00Z\n";
    private const string Inventory = "number,label\n+12065550100,Seattle\n";

    /// <summary>Runs the command that reads <paramref name="file"/> as the input <paramref name="kind"/>.</summary>
    private static CliRun RunWith(string kind, string file)
    {
        if (kind == "inventory")
        {
            return CliRun.Of("audit-numbers", file);
        }

        if (kind == "calls")
        {
            return CliRun.Of("screen", "--calls", file, "--approve", TestNumbers.UsCallerId);
        }

        using var calls = new TempFile(Calls, ".csv");
        return CliRun.Of("screen", "--calls", calls.Path, "--approve", TestNumbers.UsCallerId, kind == "consents" ? "--consents" : "--opt-outs", file);
    }

    private static string Content(string kind) => kind switch
    {
        "calls" => Calls,
        "consents" => Consents,
        "opt-outs" => OptOuts,
        _ => Inventory,
    };

    public static TheoryData<string> Kinds => new() { "calls", "consents", "opt-outs", "inventory" };

    [Theory]
    [MemberData(nameof(Kinds))]
    public void A_column_named_twice_is_refused_naming_both_columns(string kind)
    {
        var lines = Content(kind).Split('\n');
        var first = lines[0].Split(',')[0];
        using var file = new TempFile($"{lines[0]},{first.ToUpperInvariant()}\n{lines[1]},x\n", ".csv");

        var run = RunWith(kind, file.Path);

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Contains($"{file.Path}:1: column '{first.ToUpperInvariant()}' appears twice (columns 1 and ", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(run.Stdout);
    }

    public static TheoryData<string, string> NotUtf8 => new()
    {
        { "calls", "utf-16 with a byte order mark" },
        { "calls", "utf-16 without" },
        { "calls", "utf-16 big-endian" },
        { "calls", "invalid utf-8" },
        { "consents", "utf-16 with a byte order mark" },
        { "consents", "utf-16 without" },
        { "opt-outs", "invalid utf-8" },
        { "inventory", "utf-16 with a byte order mark" },
        { "inventory", "utf-16 without" },
        { "inventory", "invalid utf-8" },
    };

    [Theory]
    [MemberData(nameof(NotUtf8))]
    public void A_file_that_is_not_UTF_8_is_refused_in_one_readable_line(string kind, string encoding)
    {
        var text = Content(kind);
        var bytes = encoding switch
        {
            "utf-16 with a byte order mark" => [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(text)],
            "utf-16 without" => Encoding.Unicode.GetBytes(text),
            "utf-16 big-endian" => [.. Encoding.BigEndianUnicode.GetPreamble(), .. Encoding.BigEndianUnicode.GetBytes(text)],
            _ => [.. Encoding.UTF8.GetBytes(text.TrimEnd('\n')), 0xC3, 0x28, (byte)'\n'],
        };
        var path = Path.Combine(Path.GetTempPath(), $"chinadial-{Guid.NewGuid():N}.csv");
        File.WriteAllBytes(path, bytes);
        try
        {
            var run = RunWith(kind, path);

            Assert.Equal(ExitCodes.BadInput, run.ExitCode);
            Assert.Contains(path, run.Stderr, StringComparison.Ordinal);
            Assert.Contains("not UTF-8 text", run.Stderr, StringComparison.Ordinal);
            Assert.DoesNotContain('\0', run.Stderr);
            Assert.Single(run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.Empty(run.Stdout);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void A_directory_given_as_a_file_is_reported_as_a_directory(string kind)
    {
        var directory = Directory.CreateTempSubdirectory("chinadial-").FullName;
        try
        {
            var run = RunWith(kind, directory);

            Assert.Equal(ExitCodes.BadInput, run.ExitCode);
            Assert.Contains($"{directory}: is a directory, not a file.", run.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory);
        }
    }

    [Theory]
    [InlineData("calls")]
    [InlineData("consents")]
    [InlineData("opt-outs")]
    public void An_empty_file_is_refused_for_want_of_a_header(string kind)
    {
        using var file = new TempFile(string.Empty, ".csv");
        var run = RunWith(kind, file.Path);
        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Contains($"{file.Path}:1: the file is empty", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_value_is_shown_with_its_control_characters_escaped_and_cut_short()
    {
        using var file = new TempFile("id,at,caller_id,destination,purpose\n1,\"2026\u0007\u001b[31m" + new string('9', 200) + "\",+12065550100,+8613800138000,service\n", ".csv");

        var run = RunWith("calls", file.Path);

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Contains("'at' is '2026\\u0007\\u001B[31m999", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("…'", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain('\u001b', run.Stderr);
        Assert.True(run.Stderr.Length < 400, run.Stderr);
    }
}
