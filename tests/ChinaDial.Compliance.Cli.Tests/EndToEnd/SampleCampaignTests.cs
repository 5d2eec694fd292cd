namespace ChinaDial.Compliance.Cli.Tests.EndToEnd;

/// <summary>The README's first command, run as a process on the sample data.</summary>
public class SampleCampaignTests
{
    internal static readonly string[] SampleScreen =
    [
        "screen", "--calls", "samples/data/calls.csv", "--policy", "samples/data/policy.json",
        "--consents", "samples/data/consents.csv", "--opt-outs", "samples/data/opt-outs.csv",
        "--refuse-list", "carrier-refuse-call=samples/data/refuse-call.csv",
    ];

    [Fact]
    public void Screening_the_sample_campaign_prints_one_decision_per_call_in_input_order_and_exits_1()
    {
        var run = BuiltCli.Run(SampleScreen);

        var ids = File.ReadLines(Path.Combine(RepositoryRoot.Path, "samples/data/calls.csv")).Skip(1).Select(line => line.Split(',')[0]).ToList();
        Assert.Equal(1, run.ExitCode);
        Assert.Equal(ids, run.Lines.Select(l => l.GetProperty("id").GetString()));
        Assert.Equal(["allow", "defer", "deny"], run.Lines.Select(l => l.GetProperty("verdict").GetString()).Distinct().Order());
        Assert.Contains("screened 41 call(s)", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void The_sample_campaign_shows_every_reason_code_a_calls_file_can_produce()
    {
        // Not from a calls file: duplicate_callback and suspected_fraud belong to the click-to-dial guard (shown by
        // samples/data/callback-requests.csv through the click-to-dial sample), policy_error to a failing store (shown by
        // the dialer sample with Redis unreachable): see the Samples tests. not_yet_due and requested_time_out_of_range
        // answer a RequestedAt ahead of the clock, and a calls file has none (its `at` is the clock). unknown_purpose answers
        // a purpose outside the enum, which a calls file cannot name (a purpose it does not know is a bad row: exit 2).
        var expected = Enum.GetValues<ReasonCode>()
            .Except([ReasonCode.None, ReasonCode.DuplicateCallback, ReasonCode.SuspectedFraud, ReasonCode.PolicyError, ReasonCode.NotYetDue, ReasonCode.RequestedTimeOutOfRange, ReasonCode.UnknownPurpose])
            .Select(ReasonCodeNames.ToJsonName)
            .Order();

        var seen = BuiltCli.Run(SampleScreen).Lines
            .SelectMany(l => l.GetProperty("reasons").EnumerateArray().Select(e => e.GetString()!))
            .Distinct()
            .Order();

        Assert.Equal(expected, seen);
    }

    [Fact]
    public void A_clean_campaign_exits_0_and_unreadable_input_exits_2_naming_file_and_line()
    {
        var clean = Path.GetTempFileName();
        var broken = Path.GetTempFileName();
        try
        {
            File.WriteAllText(clean, "id,at,caller_id,destination,purpose\n1,2026-11-23T10:00:00+08:00,+12065550100,+8613800138000,service\n");
            File.WriteAllText(broken, "id,at,caller_id,destination,purpose\n1,2026-11-23T10:00:00+08:00,+12065550100,+8613800138000,service\n2,tomorrow,+12065550100,+8613800138000,service\n");

            var ok = BuiltCli.Run("screen", "--calls", clean, "--approve", "+12065550100");
            Assert.Equal(0, ok.ExitCode);
            Assert.Equal("allow", ok.Lines.Single().GetProperty("verdict").GetString());

            var bad = BuiltCli.Run("screen", "--calls", broken, "--approve", "+12065550100");
            Assert.Equal(2, bad.ExitCode);
            Assert.Contains($"{broken}:3", bad.Stderr, StringComparison.Ordinal);
            Assert.Empty(bad.Stdout);

            var missing = BuiltCli.Run("screen", "--calls", "samples/data/no-such-file.csv");
            Assert.Equal(2, missing.ExitCode);
            Assert.Contains("no-such-file.csv", missing.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(clean);
            File.Delete(broken);
        }
    }
}
