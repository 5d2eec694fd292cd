using System.Text;
using ChinaDial.Compliance.Cli.Input;
using FsCheck;
using FsCheck.Fluent;

namespace ChinaDial.Compliance.Cli.Tests.Input;

public class PolicyFileTests
{
    private const string Policy = """{ "ChinaDialCompliance": { "CallerIds": { "Approved": [ "+12065550100" ] } } }""";

    private static string Load(byte[] bytes, out ChinaDialComplianceOptions? options)
    {
        var path = Path.Combine(Path.GetTempPath(), $"chinadial-{Guid.NewGuid():N}.json");
        File.WriteAllBytes(path, bytes);
        try
        {
            using var notices = new StringWriter();
            options = PolicyFile.Load(path, notices);
            return notices.ToString();
        }
        finally
        {
            File.Delete(path);
        }
    }

    public static TheoryData<string> Encodings => ["utf-8", "utf-16", "utf-16BE", "utf-32", "utf-32BE"];

    [Theory]
    [MemberData(nameof(Encodings))]
    public void A_policy_file_with_a_byte_order_mark_is_read_in_its_encoding(string encoding)
    {
        var text = Encoding.GetEncoding(encoding);
        Load([.. text.GetPreamble(), .. text.GetBytes(Policy)], out var options);

        Assert.Equal([TestNumbers.UsCallerId], options!.CallerIds.Approved);
    }

    [Fact]
    public void A_byte_order_mark_followed_by_what_the_encoding_cannot_read_is_refused()
    {
        var thrown = Assert.Throws<InputException>(() => Load([0xFF, 0xFE, .. Encoding.Unicode.GetBytes(Policy), 0x00], out _));
        Assert.EndsWith("starts with the byte-order mark of utf-16 but is not valid utf-16; save it as UTF-8.", thrown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Problems_are_listed_by_line_each_with_the_file_and_its_line()
    {
        using var policy = new TempFile("""
            {
              "ChinaDialCompliance": {
                "CallerIds": { "Approved": [ "+80012345678" ] },
                "CallingHours": {
                  "TimeZone": "Mars/Olympus"
                },
                "CallerIdRate": { "Algorithm": "Paced", "Limit": 6 , "Burst": 7 },
                "Audit": { "Peper": "a secret of sixteen" }
              }
            }
            """, ".json");

        var thrown = Assert.Throws<InputException>(() => PolicyFile.Load(policy.Path));

        Assert.Equal(
            $"""
            {policy.Path}: invalid policy (4 problems):
              {policy.Path}:3: ChinaDialCompliance:CallerIds:Approved:0 '+80012345678' cannot be a caller ID: a UIFN or other non-geographic number (caller_id_uifn).
              {policy.Path}:5: ChinaDialCompliance:CallingHours:TimeZone 'Mars/Olympus' is not an IANA time zone id (e.g. Asia/Shanghai).
              {policy.Path}:7: ChinaDialCompliance:CallerIdRate:Burst must be between 1 and 6; it is 7.
              {policy.Path}:8: ChinaDialCompliance:Audit:Peper is not an option; did you mean Pepper?
            """.ReplaceLineEndings(Environment.NewLine),
            thrown.Message);
    }

    [Fact]
    public void A_redis_section_is_checked_for_typos_then_reported_as_not_used()
    {
        using var policy = new TempFile("""{ "ChinaDialCompliance": { "Redis": { "Configuration": "redis:6379", "KeySecret": "0123456789abcdef" } } }""", ".json");
        var run = CliRun.Of("classify", "--policy", policy.Path, TestNumbers.CnMobile);
        Assert.Equal(0, run.ExitCode);
        Assert.Contains($"chinadial: {policy.Path}:1: ChinaDialCompliance:Redis is not used: {PolicyFile.RedisNotUsed}", run.Stderr, StringComparison.Ordinal);

        using var typo = new TempFile("""{ "ChinaDialCompliance": { "Redis": { "KeySecrets": "0123456789abcdef" } } }""", ".json");
        run = CliRun.Of("classify", "--policy", typo.Path, TestNumbers.CnMobile);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("ChinaDialCompliance:Redis:KeySecrets is not an option; did you mean KeySecret?", run.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "{0}:1: not valid JSON at column 1: The input does not contain any JSON tokens.")]
    [InlineData("[ 1 ]", "{0}:1: the policy must be a JSON object ({{ \"ChinaDialCompliance\": {{ ... }} }}); it is StartArray.")]
    [InlineData("{ \"Logging\": {} }", "{0}: invalid policy (1 problem):")]
    [InlineData("{ \"ChinaDialCompliance\": {} }", null)]
    [InlineData("{ \"ChinaDialCompliance\": { \"Audit\": { \"Pepper\": \"\\u0000\\u001b[31m\" } } }", "{0}:1: ChinaDialCompliance:Audit:Pepper must be at least 16 characters (or empty for a random one per process).")]
    public void Files_that_are_not_a_policy_say_why(string json, string? expected)
    {
        using var policy = new TempFile(json, ".json");

        if (expected is null)
        {
            Assert.Empty(PolicyFile.Load(policy.Path).CallerIds.Approved);
            return;
        }

        var thrown = Assert.Throws<InputException>(() => PolicyFile.Load(policy.Path));
        Assert.Contains(string.Format(System.Globalization.CultureInfo.InvariantCulture, expected, policy.Path), thrown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_file_and_a_file_over_16_MiB_are_refused()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"chinadial-{Guid.NewGuid():N}.json");
        Assert.Equal($"{missing}: policy file not found.", Assert.Throws<InputException>(() => PolicyFile.Load(missing)).Message);

        var large = new byte[PolicyFile.MaxBytes + 1];
        Array.Fill(large, (byte)' ');
        var thrown = Assert.Throws<InputException>(() => Load(large, out _));
        Assert.EndsWith("larger than 16 MiB, so not a policy file (a policy is a few kilobytes).", thrown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Whatever_the_bytes_the_loader_returns_options_or_an_input_exception_with_printable_text()
    {
        var sample = File.ReadAllBytes(Path.Combine(RepositoryRoot.Path, "samples", "data", "policy.json"));
        var edits = Gen.Choose(0, sample.Length - 1).SelectMany(at => Gen.Choose(0, 255).SelectMany(value => Gen.Choose(0, 3).Select(kind => (At: at, Value: (byte)value, Kind: kind))));
        var property = Prop.ForAll(Gen.Choose(1, 6).SelectMany(n => edits.ArrayOf(n)).ToArbitrary(), mutation =>
        {
            var bytes = new List<byte>(sample);
            foreach (var (at, value, kind) in mutation)
            {
                var i = Math.Min(at, bytes.Count - 1);
                switch (kind)
                {
                    case 0: bytes[i] = value; break;                       // a byte replaced
                    case 1: bytes.Insert(i, value); break;                 // a byte inserted
                    case 2 when bytes.Count > 1: bytes.RemoveAt(i); break; // a byte removed
                    default: bytes.InsertRange(i, bytes.GetRange(i, Math.Min(8, bytes.Count - i))); break; // a run repeated
                }
            }

            try
            {
                Load([.. bytes], out var options);
                return options is not null;
            }
            catch (InputException error)
            {
                return !error.Message.Any(c => char.IsControl(c) && c is not '\n' and not '\r');
            }
        });

        Check.One(Config.QuickThrowOnFailure.WithMaxTest(2_000), property);
    }
}
