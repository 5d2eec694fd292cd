namespace ChinaDial.Compliance.Cli.Tests.Input;

/// <summary>The one CSV dialect of the tool (<c>Utf8CsvReader</c>, RFC 4180): a byte order mark, CRLF line ends,
/// quoted fields, doubled quotes and line breaks inside quotes are read the same in every CSV file the tool reads, not
/// only in the calls file (see <see cref="CallsFileReaderTests"/>).</summary>
public class CsvDialectTests
{
    private const string MarketingCall = "id,at,caller_id,destination,purpose\n1,2026-11-23T10:00:00+08:00,+12065550100,+8613800138000,marketing\n";

    /// <summary>The kind of file, its plain form, and the same records in the full dialect.</summary>
    public static TheoryData<string, string, string> Files => new()
    {
        {
            "consents",
            "number,purpose,granted_at,revoked_at,proof\n+8613800138000,marketing,2026-11-01T00:00:00Z,,form-1\n",
            "\uFEFFnumber,purpose,granted_at,revoked_at,proof\r\n\"+8613800138000\", \"marketing\" ,\"2026-11-01T00:00:00Z\",\"\",\"form, \"\"1\"\"\r\nsigned\"\r\n"
        },
        {
            "opt-outs",
            "number,purpose,at\n+8613800138000,all,2026-11-01T00:00:00Z\n",
            "\uFEFFnumber,purpose,at\r\n\r\n\"+8613800138000\",\"all\",\"2026-11-01T00:00:00Z\"\r\n"
        },
        {
            "inventory",
            "number,label\n+12065550100,Seattle\n",
            "\uFEFFnumber,label\r\n\"+12065550100\",\"Seattle, \"\"WA\"\"\r\nUSA\"\r\n"
        },
    };

    [Theory]
    [MemberData(nameof(Files))]
    public void A_file_in_the_full_dialect_reads_as_its_plain_form(string kind, string plain, string dialect)
    {
        using var plainFile = new TempFile(plain, ".csv");
        using var dialectFile = new TempFile(dialect, ".csv");

        var expected = RunWith(kind, plainFile.Path);
        var actual = RunWith(kind, dialectFile.Path);

        Assert.Equal(expected.ExitCode, actual.ExitCode);
        Assert.Equal(expected.Stdout, actual.Stdout);
        Assert.Contains(kind switch
        {
            "consents" => "\"verdict\":\"allow\"",
            "opt-outs" => "\"opted_out\"",
            _ => "\"compliant\":true",
        }, actual.Stdout, StringComparison.Ordinal);
    }

    private static CliRun RunWith(string kind, string file)
    {
        if (kind == "inventory")
        {
            return CliRun.Of("audit-numbers", file);
        }

        using var calls = new TempFile(MarketingCall, ".csv");
        return CliRun.Of("screen", "--calls", calls.Path, "--approve", TestNumbers.UsCallerId, kind == "consents" ? "--consents" : "--opt-outs", file);
    }
}
