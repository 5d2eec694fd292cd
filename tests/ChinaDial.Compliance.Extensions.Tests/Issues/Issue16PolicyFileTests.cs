using System.Text;
using ChinaDial.Compliance.Cli.Tests;
using ChinaDial.Compliance.Extensions.Tests.Configuration;

namespace ChinaDial.Compliance.Extensions.Tests.Issues;

/// <summary>
/// Issue 16, "Messages", the policy-file part: what <c>chinadial ... --policy FILE</c> says about a file it cannot
/// read. One test per reported behaviour, each failing on main at ecbfd55.
/// </summary>
public class Issue16PolicyFileTests
{
    [Fact]
    public void A_JSON_syntax_error_names_the_file_line_and_column()
    {
        using var policy = new TempFile("{\n  \"ChinaDialCompliance\": {\n    \"CallerIds\": { \"Approved\": [ \"+12065550100\" ] ]\n  }\n}\n", ".json");

        var run = CliRun.Of("classify", "--policy", policy.Path, TestNumbers.CnMobile);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"{policy.Path}:3: not valid JSON at column 51: ']' is invalid without a matching open.", run.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{ \"ChinaDialCompliance\": {\n  \"CallerIdRate\": { \"Limit\": 5,\n    \"Limit\": 50 } } }", 3, "ChinaDialCompliance:CallerIdRate:Limit", 2)]
    [InlineData("{ \"ChinaDialCompliance\": {\n  \"CallerIdRate\": { \"Limit\": 5 },\n  \"CallerIdRate\": { \"Window\": \"01:00:00\" } } }", 3, "ChinaDialCompliance:CallerIdRate", 2)]
    public void A_key_given_twice_is_an_error_naming_its_lines(string json, int line, string path, int firstLine)
    {
        using var policy = new TempFile(json, ".json");

        var run = CliRun.Of("classify", "--policy", policy.Path, TestNumbers.CnMobile);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"{policy.Path}:{line}: {path} is given twice in one object (first on line {firstLine})", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_directory_given_as_the_policy_file_is_reported_as_a_directory()
    {
        var directory = Directory.CreateTempSubdirectory("chinadial-policy-");
        try
        {
            var run = CliRun.Of("classify", "--policy", directory.FullName, TestNumbers.CnMobile);

            Assert.Equal(2, run.ExitCode);
            Assert.Contains($"{directory.FullName}: is a directory, not a policy file.", run.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            directory.Delete();
        }
    }

    [Theory]
    [InlineData("utf-16")]
    [InlineData("utf-16BE")]
    [InlineData("utf-32")]
    public void A_UTF16_or_UTF32_policy_file_without_a_byte_order_mark_is_refused_by_name_without_NUL_bytes_on_stderr(string encoding)
    {
        var bytes = Encoding.GetEncoding(encoding).GetBytes("""{ "ChinaDialCompliance": { "CallerIds": { "Approved": [ "+12065550100" ] } } }""");

        var (run, path) = ConfigurationRuns.PolicyFile(bytes);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"{path}:1: holds NUL bytes: it looks like UTF-16 or UTF-32 without a byte-order mark. Save it as UTF-8.", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain('\0', run.Stderr);
    }

    [Fact]
    public void A_policy_file_that_is_not_UTF8_is_refused_naming_the_line()
    {
        // Latin-1: "é" is the single byte 0xE9, which UTF-8 cannot read; main replaced it and took a different pepper.
        var bytes = Encoding.Latin1.GetBytes("{ \"ChinaDialCompliance\": {\n  \"Audit\": { \"Pepper\": \"caf\u00e9 caf\u00e9 caf\u00e9 caf\u00e9\" } } }");

        var (run, path) = ConfigurationRuns.PolicyFile(bytes);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"{path}:2: not UTF-8 (byte 0xE9 at byte 28 of the line cannot be read as UTF-8): save the file as UTF-8.", run.Stderr, StringComparison.Ordinal);
    }
}
