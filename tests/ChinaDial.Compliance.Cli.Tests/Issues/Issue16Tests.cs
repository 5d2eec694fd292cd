using System.Globalization;
using System.Text;

namespace ChinaDial.Compliance.Cli.Tests.Issues;

/// <summary>
/// Issue 16: <c>chinadial</c> on real-world files: never a stack trace, strict input, every row's story visible. One
/// test per reported behaviour (the policy file's JSON messages, <c>CallingHours:Days</c> and
/// <c>Evaluator:TicketLifetime</c> are the configuration work's); each failed at ecbfd55.
/// </summary>
public class Issue16Tests
{
    private const string Header = "id,at,caller_id,destination,purpose,answered,duration_s\n";
    private const string GoodRow = "good,2026-11-23T10:00:00+08:00,+12065550100,+8613800138000,service,true,95\n";

    private static CliRun Screen(string calls, params string[] extra)
    {
        using var file = new TempFile(calls, ".csv");
        var run = CliRun.Of(["screen", "--calls", file.Path, "--approve", TestNumbers.UsCallerId, .. extra]);
        return run with { Stderr = run.Stderr.Replace(file.Path, "CALLS", StringComparison.Ordinal) };
    }

    private static string Verdict(CliRun run, int line) => run.Lines[line].GetProperty("verdict").GetString()!;

    private static string[] Reasons(CliRun run, int line, string property = "reasons") => [.. run.Lines[line].GetProperty(property).EnumerateArray().Select(e => e.GetString()!)];

    // Crashes (exit 134 and a stack trace, not 2)

    [Theory]
    [InlineData("9999-12-31T23:59:59Z")]
    [InlineData("9999-12-31T23:59:59.9999999Z")]
    [InlineData("9999-12-31T20:00:00-03:59")]
    public void An_at_in_year_9999_after_a_good_row_gets_a_decision_like_every_row(string at)
    {
        var run = Screen(Header + GoodRow + $"late,{at},+12065550100,+8613800138001,service,,\n");

        Assert.True(run.ExitCode is 0 or 1, run.Stderr);
        Assert.Equal(["good", "late"], run.Lines.Select(l => l.GetProperty("id").GetString()));
        Assert.Equal("allow", Verdict(run, 0));
        Assert.DoesNotContain("chinadial:", run.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("true", "1e20")]
    [InlineData("false", "1e20")]
    [InlineData("true", "9e11")]
    [InlineData("false", "9e11")]
    public void A_duration_of_1e20_or_9e11_seconds_is_refused_naming_its_line_answered_or_not(string answered, string duration)
    {
        var run = Screen(Header + GoodRow + $"long,2026-11-23T10:01:00+08:00,+12065550100,+8613800138001,service,{answered},{duration}\n");

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Equal($"chinadial: CALLS:3: 'duration_s' is '{duration}'; expected a number of seconds from 0 to 86400 (one day).", run.Stderr.TrimEnd());
        Assert.Empty(run.Stdout);
    }

    [Fact]
    public void Report_out_into_a_missing_folder_is_refused_before_the_replay()
    {
        using var calls = new TempFile(Header + GoodRow, ".csv");
        var output = Path.Combine(Path.GetTempPath(), $"chinadial-missing-{Guid.NewGuid():N}", "report.html");

        var run = CliRun.Of("report", "--calls", calls.Path, "--approve", TestNumbers.UsCallerId, "--out", output);

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Equal($"chinadial: --out {output}: the folder {Path.GetDirectoryName(output)} does not exist.", run.Stderr.TrimEnd());
    }

    [Fact]
    public void Report_out_onto_a_directory_is_refused_before_the_replay()
    {
        using var calls = new TempFile(Header + GoodRow, ".csv");
        var output = Directory.CreateTempSubdirectory("chinadial-out-").FullName;
        try
        {
            var run = CliRun.Of("report", "--calls", calls.Path, "--approve", TestNumbers.UsCallerId, "--out", output);

            Assert.Equal(ExitCodes.BadInput, run.ExitCode);
            Assert.StartsWith($"chinadial: --out {output}: is a directory; name the HTML file to write", run.Stderr, StringComparison.Ordinal);
            Assert.Empty(Directory.GetFileSystemEntries(output));
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }

    // Input that is not what the contract says

    [Fact]
    public void A_time_only_at_is_refused_rather_than_taking_todays_date()
    {
        var run = Screen(Header + GoodRow + "t,10:00:00+08:00,+12065550100,+8613800138001,service,,\n");

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.StartsWith("chinadial: CALLS:3: 'at' is '10:00:00+08:00', not an ISO-8601 timestamp with date, time and offset", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(run.Stdout);
    }

    [Theory]
    [InlineData("2026-11-23Z")]
    [InlineData("11/23/2026 10:00:00 +08:00")]
    [InlineData("23 Nov 2026 10:00:00 +08:00")]
    public void A_date_only_US_or_day_month_name_at_is_refused(string at)
    {
        var run = Screen(Header + GoodRow + $"t,\"{at}\",+12065550100,+8613800138001,service,,\n");

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.StartsWith($"chinadial: CALLS:3: 'at' is '{at}', not an ISO-8601 timestamp", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(run.Stdout);
    }

    [Fact]
    public void An_at_before_1970_is_judged_as_itself_not_as_1970()
    {
        var run = Screen(Header
            + "morning,1969-07-20T10:00:00+08:00,+12065550100,+8613800138000,service,,\n"
            + "night,1969-07-20T22:00:00+08:00,+12065550100,+8613800138001,service,,\n");

        Assert.Equal(["allow", "defer"], run.Lines.Select(l => l.GetProperty("verdict").GetString()));
        Assert.Equal("1969-07-21T01:00:00+00:00", run.Lines[1].GetProperty("notBefore").GetString());
    }

    [Fact]
    public void Two_columns_of_the_same_name_are_refused()
    {
        // At ecbfd55 the first column won silently: the second held a 400 number and an HK caller ID.
        var run = Screen("id,at,caller_id,destination,purpose,destination,caller_id\n"
            + "1,2026-11-23T10:00:00+08:00,+12065550100,+8613800138000,service,+864001234567,+85221234567\n");

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Equal("chinadial: CALLS:1: column 'destination' appears twice (columns 4 and 6); which one holds the data is not clear.", run.Stderr.TrimEnd());
        Assert.Empty(run.Stdout);
    }

    [Fact]
    public void A_revoked_consent_is_not_re_enabled_by_an_older_grant_listed_after_it()
    {
        using var consents = new TempFile("number,purpose,granted_at,revoked_at,proof\n"
            + "+8613800138000,marketing,2026-11-01T00:00:00Z,2026-11-20T00:00:00Z,form-2\n"
            + "+8613800138000,marketing,2026-10-01T00:00:00Z,,form-1\n", ".csv");

        var run = Screen(Header + "m,2026-11-23T10:00:00+08:00,+12065550100,+8613800138000,marketing,,\n", "--consents", consents.Path);

        Assert.Equal("deny", Verdict(run, 0));
        Assert.Equal(["no_consent"], Reasons(run, 0));
    }

    [Fact]
    public void A_revoked_at_before_granted_at_is_refused_naming_the_line()
    {
        using var consents = new TempFile("number,purpose,granted_at,revoked_at\n+8613800138000,marketing,2026-11-20T00:00:00Z,2026-11-01T00:00:00Z\n", ".csv");

        var run = Screen(Header + GoodRow, "--consents", consents.Path);

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Equal($"chinadial: {consents.Path}:2: 'revoked_at' is before 'granted_at': a consent cannot end before it begins.", run.Stderr.TrimEnd());
        Assert.Empty(run.Stdout);
    }

    // Messages

    [Fact]
    public void A_directory_given_as_the_calls_file_is_reported_as_a_directory_not_as_missing()
    {
        var directory = Directory.CreateTempSubdirectory("chinadial-").FullName;
        try
        {
            var run = CliRun.Of("screen", "--calls", directory);

            Assert.Equal(ExitCodes.BadInput, run.ExitCode);
            Assert.Equal($"chinadial: {directory}: is a directory, not a file.", run.Stderr.TrimEnd());
        }
        finally
        {
            Directory.Delete(directory);
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_UTF_16_calls_file_is_refused_without_a_NUL_byte_on_stderr(bool byteOrderMark)
    {
        var text = Header + GoodRow;
        var path = Path.Combine(Path.GetTempPath(), $"chinadial-{Guid.NewGuid():N}.csv");
        File.WriteAllBytes(path, [.. byteOrderMark ? Encoding.Unicode.GetPreamble() : [], .. Encoding.Unicode.GetBytes(text)]);
        try
        {
            var run = CliRun.Of("screen", "--calls", path);

            Assert.Equal(ExitCodes.BadInput, run.ExitCode);
            Assert.DoesNotContain('\0', run.Stderr);
            Assert.StartsWith($"chinadial: {path}", run.Stderr, StringComparison.Ordinal);
            Assert.Contains("the file is not UTF-8 text; save it as UTF-8", run.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    // Observe mode

    private const string ObservePolicy = """
        { "ChinaDialCompliance": { "CallerIds": { "Approved": [ "+12065550100" ] },
          "Evaluator": { "PolicyModes": { "caller-id": "Observe", "destination": "Observe" } } } }
        """;

    [Fact]
    public void Observed_objections_are_in_the_decision_and_counted_apart_in_the_summary()
    {
        using var policy = new TempFile(ObservePolicy, ".json");

        var run = Screen("id,at,caller_id,destination,purpose\nhk,2026-11-23T10:00:00+08:00,+85221234567,+864001234567,service\n", "--policy", policy.Path);

        Assert.Equal("allow", Verdict(run, 0));
        Assert.Empty(Reasons(run, 0));
        Assert.Contains("caller_id_region_prohibited", Reasons(run, 0, "observed"));
        Assert.Contains("destination_special_service", Reasons(run, 0, "observed"));
        Assert.Contains("observed, not enforced (policies in Observe mode): 1 call(s)", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("  caller_id_region_prohibited: 1", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Observed_objections_are_counted_apart_in_the_report()
    {
        using var policy = new TempFile(ObservePolicy, ".json");
        using var calls = new TempFile("id,at,caller_id,destination,purpose\nhk,2026-11-23T10:00:00+08:00,+85221234567,+864001234567,service\n", ".csv");
        var html = Path.ChangeExtension(calls.Path, ".html");
        try
        {
            CliRun.Of("report", "--calls", calls.Path, "--policy", policy.Path, "--out", html);

            var report = File.ReadAllText(html);
            Assert.Contains("<h2>Objections observed, not enforced</h2>", report, StringComparison.Ordinal);
            Assert.Contains("<tr><td>caller_id_region_prohibited</td><td>1</td></tr>", report, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(html);
        }
    }

    // Screen invents calls in progress

    [Fact]
    public void A_calls_file_without_outcomes_does_not_defer_a_caller_ID_after_five_calls_for_concurrency()
    {
        // Ten calls a minute and a second apart from one caller ID: the rate limit never objects; at ecbfd55 the sixth
        // and every later one waited two hours (concurrency_limited) for tickets nobody could complete.
        var calls = new StringBuilder("id,at,caller_id,destination,purpose\n");
        for (var i = 0; i < 10; i++)
        {
            calls.Append(CultureInfo.InvariantCulture, $"c{i},{new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.FromHours(8)).AddSeconds(61 * i):yyyy-MM-dd'T'HH:mm:sszzz},+12065550100,+86138{i:00000000},service\n");
        }

        var run = Screen(calls.ToString());

        Assert.Equal(ExitCodes.AllPassed, run.ExitCode);
        Assert.All(Enumerable.Range(0, 10), i => Assert.Equal("allow", Verdict(run, i)));
        Assert.Contains("rule: 10 allowed call(s) had no outcome", run.Stderr, StringComparison.Ordinal);
    }
}
