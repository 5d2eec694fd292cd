using FsCheck.Xunit;

namespace ChinaDial.Compliance.Cli.Tests;

public class ScreenConsentInputsTests
{
    private const string Calls = "id,at,caller_id,destination,purpose\n";

    [Fact]
    public void A_consent_file_lets_marketing_calls_through_until_the_consent_is_revoked()
    {
        using var calls = new TempFile(Calls
            + "before,2026-11-23T10:00:00+08:00,+12065550100,+8613800138000,marketing\n"
            + "after,2026-11-23T12:00:00+08:00,+12065550100,+8613800138000,marketing\n"
            + "nobody,2026-11-23T10:00:00+08:00,+12065550100,+8613800138001,marketing\n", ".csv");
        using var consents = new TempFile("number,purpose,granted_at,revoked_at,proof\n+8613800138000,marketing,2026-11-01T00:00:00Z,2026-11-23T11:00:00+08:00,form-1\n", ".csv");

        var run = CliRun.Of("screen", "--calls", calls.Path, "--approve", TestNumbers.UsCallerId, "--consents", consents.Path);

        Assert.Equal(["allow", "deny", "deny"], run.Lines.Select(l => l.GetProperty("verdict").GetString()));
        Assert.All(run.Lines.Skip(1), l => Assert.Equal(["no_consent"], l.GetProperty("reasons").EnumerateArray().Select(e => e.GetString())));
    }

    [Fact]
    public void An_opt_out_file_denies_calls_from_its_instant_on_for_its_purpose_or_for_all()
    {
        using var calls = new TempFile(Calls
            + "before,2026-11-23T09:59:59+08:00,+12065550100,+8613800138000,service\n"
            + "at,2026-11-23T10:00:00+08:00,+12065550100,+8613800138000,service\n"
            + "other-purpose,2026-11-23T10:00:00+08:00,+12065550100,+8613800138001,service\n"
            + "same-purpose,2026-11-23T10:00:00+08:00,+12065550100,+8613800138001,callback\n", ".csv");
        using var optOuts = new TempFile("number,purpose,at\n+8613800138000,all,2026-11-23T02:00:00Z\n+8613800138001,callback,2026-11-23T09:00:00+08:00\n", ".csv");

        var run = CliRun.Of("screen", "--calls", calls.Path, "--approve", TestNumbers.UsCallerId, "--opt-outs", optOuts.Path);

        Assert.Equal(["allow", "deny", "allow", "deny"], run.Lines.Select(l => l.GetProperty("verdict").GetString()));
        Assert.Equal(["opted_out"], run.Lines[1].GetProperty("reasons").EnumerateArray().Select(e => e.GetString()));
    }

    [Theory]
    [InlineData("--consents", "number,purpose,granted_at,revoked_at,proof\n+8613800138000,marketing,2026-11-01T00:00:00Z,,form-1\n+8613800138000,marketing,yesterday,,form-2\n", 3)]
    [InlineData("--consents", "number,purpose,granted_at,revoked_at,proof\nnot-a-number,marketing,2026-11-01T00:00:00Z,,form-1\n", 2)]
    [InlineData("--opt-outs", "number,purpose,at\n+8613800138000,sometimes,2026-11-01T00:00:00Z\n", 2)]
    [InlineData("--opt-outs", "number,at\n+8613800138000,2026-11-01T00:00:00Z\n", 1)]
    public void An_unreadable_consent_or_opt_out_row_stops_the_run_with_exit_2_naming_file_and_line(string option, string content, int line)
    {
        using var calls = new TempFile(Calls + "1,2026-11-23T10:00:00+08:00,+12065550100,+8613800138000,service\n", ".csv");
        using var input = new TempFile(content, ".csv");

        var run = CliRun.Of("screen", "--calls", calls.Path, "--approve", TestNumbers.UsCallerId, option, input.Path);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"{input.Path}:{line}", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(run.Lines);
    }

    private const string ConsentHeader = "number,purpose,granted_at,revoked_at,proof";

    /// <summary>Rows that order used to decide: an old open grant after a revoked one, a consent given again after its
    /// revocation, a zero-length consent after an open one, opt-outs given twice.</summary>
    private static readonly string[] ConsentRows =
    [
        "+8613800138000,marketing,2026-11-01T00:00:00Z,2026-11-20T00:00:00Z,form-711",
        "+8613800138000,marketing,2026-10-01T00:00:00Z,,form-674",
        "+8613800138001,marketing,2026-11-10T00:00:00Z,2026-11-22T00:00:00Z,form-152",
        "+8613800138001,marketing,2026-11-23T01:30:00Z,,form-539",
        "+8613800138002,marketing,2026-11-01T00:00:00Z,,form-876",
        "+8613800138002,marketing,2026-11-23T02:00:00Z,2026-11-23T02:00:00Z,form-733",
        "+8613800138003,service,2026-11-01T00:00:00Z,,form-87",
        "+8613800138003,marketing,2026-11-01T00:00:00Z,,form-61",
    ];

    private const string OptOutHeader = "number,purpose,at";

    private static readonly string[] OptOutRows =
    [
        "+8613800138003,all,2026-11-23T02:30:00Z",
        "+8613800138003,marketing,2026-11-23T01:00:00Z",
        "+8613800138004,all,2026-11-23T03:00:00Z",
        "+8613800138004,all,2026-11-23T01:45:00Z",
    ];

    /// <summary>A marketing and a service call to each number every 30 minutes from 09:00 to 12:00 in Shanghai, each
    /// from its own caller ID (no rate limit comes into it; <see cref="NoFrequencyCaps"/> takes the frequency caps out).</summary>
    private static string OrderCalls()
    {
        var csv = new System.Text.StringBuilder(Calls);
        var call = 0;
        for (var slot = 0; slot <= 6; slot++)
        {
            foreach (var callee in Enumerable.Range(0, 5))
            {
                foreach (var purpose in new[] { "marketing", "service" })
                {
                    csv.Append(System.Globalization.CultureInfo.InvariantCulture, $"c{call},{new DateTimeOffset(2026, 11, 23, 1, 0, 0, TimeSpan.Zero).AddMinutes(30 * slot):yyyy-MM-dd'T'HH:mm:ssZ},+1206555{call:0000},+861380013800{callee},{purpose}\n");
                    call++;
                }
            }
        }

        return csv.ToString();
    }

    private static readonly string OrderCallsText = OrderCalls();

    // Every call has a caller ID of its own: pacing would defer the third caller ID of a callee's day.
    private const string NoFrequencyCaps = """{ "ChinaDialCompliance": { "DestinationFrequency": { "Enabled": false }, "CallerIdPacing": { "Enabled": false } } }""";

    private static CliRun ScreenWith(IEnumerable<string> consentRows, IEnumerable<string> optOutRows)
    {
        using var calls = new TempFile(OrderCallsText, ".csv");
        using var policy = new TempFile(NoFrequencyCaps, ".json");
        using var consents = new TempFile(string.Join('\n', consentRows.Prepend(ConsentHeader)) + "\n", ".csv");
        using var optOuts = new TempFile(string.Join('\n', optOutRows.Prepend(OptOutHeader)) + "\n", ".csv");
        var approved = OrderCallsText.Split('\n').Skip(1).Where(l => l.Length > 0).SelectMany(l => new[] { "--approve", l.Split(',')[2] });
        return CliRun.Of(["screen", "--calls", calls.Path, "--policy", policy.Path, "--consents", consents.Path, "--opt-outs", optOuts.Path, .. approved]);
    }

    private static readonly CliRun InFileOrder = ScreenWith(ConsentRows, OptOutRows);

    [Fact]
    public void Consent_and_opt_out_rows_are_resolved_by_their_instants()
    {
        string Verdict(int slot, int callee, string purpose)
            => InFileOrder.Lines[(slot * 10) + (callee * 2) + (purpose == "marketing" ? 0 : 1)].GetProperty("verdict").GetString()!;

        Assert.All(Enumerable.Range(0, 7), slot => Assert.Equal("deny", Verdict(slot, 0, "marketing"))); // revoked 11-20: the older open grant listed after does not count
        Assert.Equal(["deny", "allow", "allow"], new[] { 0, 1, 2 }.Select(slot => Verdict(slot, 1, "marketing"))); // given again at 01:30
        Assert.Equal(["allow", "allow", "deny"], new[] { 0, 1, 2 }.Select(slot => Verdict(slot, 2, "marketing"))); // revoked at 02:00
        Assert.Equal("deny", Verdict(0, 3, "marketing")); // opted out of marketing at 01:00
        Assert.Equal(["allow", "allow", "allow", "deny"], new[] { 0, 1, 2, 3 }.Select(slot => Verdict(slot, 3, "service"))); // of all at 02:30
        Assert.Equal(["allow", "allow", "deny"], new[] { 0, 1, 2 }.Select(slot => Verdict(slot, 4, "service"))); // the earlier opt-out (01:45) counts
    }

    [Property(MaxTest = 300)]
    public bool The_same_consent_and_opt_out_rows_in_any_order_give_the_same_decisions(int seed)
    {
        var random = new Random(seed);
        var consents = ConsentRows.ToArray();
        var optOuts = OptOutRows.ToArray();
        random.Shuffle(consents);
        random.Shuffle(optOuts);

        var run = ScreenWith(consents, optOuts);

        return run.ExitCode == InFileOrder.ExitCode && run.Stdout == InFileOrder.Stdout;
    }

    [Fact]
    public void A_consent_revoked_before_it_was_granted_is_refused_naming_its_line()
    {
        using var calls = new TempFile(Calls + "1,2026-11-23T10:00:00+08:00,+12065550100,+8613800138000,service\n", ".csv");
        using var consents = new TempFile(ConsentHeader + "\n" + ConsentRows[0] + "\n+8613800138001,marketing,2026-11-10T00:00:00Z,2026-11-09T23:59:59Z,form-9\n", ".csv");

        var run = CliRun.Of("screen", "--calls", calls.Path, "--approve", TestNumbers.UsCallerId, "--consents", consents.Path);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal($"chinadial: {consents.Path}:3: 'revoked_at' is before 'granted_at': a consent cannot end before it begins.", run.Stderr.TrimEnd());
        Assert.Empty(run.Stdout);
    }
}
