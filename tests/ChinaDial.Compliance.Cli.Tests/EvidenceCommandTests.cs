using System.Text.Json;

namespace ChinaDial.Compliance.Cli.Tests;

/// <summary><c>chinadial evidence</c>, <c>audit prune</c>, <c>verify-callback</c> and <c>screen --audit</c>,
/// <c>--refuse-list</c>: the evidence commands, on files.</summary>
public sealed class EvidenceCommandTests : IDisposable
{
    private const string Pepper = "an evidence test pepper";
    private const string Calls = "id,at,caller_id,destination,purpose,answered,duration_s\n";
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("chinadial-evidence-");

    private string PathOf(string name) => Path.Combine(_folder.FullName, name);

    private string Write(string name, string text)
    {
        File.WriteAllText(PathOf(name), text);
        return PathOf(name);
    }

    private string Policy(string extra = "") => Write("policy.json", $$"""
        { "ChinaDialCompliance": {
            "CallerIds": { "Approved": [ "+12065550100", "+12065550101" ] {{extra}} },
            "CallingHours": { "Enabled": false },
            "Audit": { "Pepper": "{{Pepper}}" } } }
        """);

    public void Dispose() => _folder.Delete(recursive: true);

    /// <summary>A replay whose audit file holds three decisions about +8613800138000 (two allowed on two consents, one
    /// refused after the revocation) and one about another number.</summary>
    private (string Policy, string Audit, string Consents) Replayed()
    {
        var policy = Policy();
        var consents = Write("consents.csv", "number,purpose,granted_at,revoked_at,proof,id\n"
            + "+8613800138000,marketing,2026-11-01T00:00:00Z,2026-11-10T00:00:00Z,signed-form-1,crm-1\n"
            + "+8613800138000,marketing,2026-11-15T00:00:00Z,,call-recording-2,\n"
            + "+8613900139000,marketing,2026-11-01T00:00:00Z,,signed-form-3,crm-3\n");
        var calls = Write("calls.csv", Calls
            + "a,2026-11-05T02:00:00Z,+12065550100,+8613800138000,marketing,true,60\n"
            + "b,2026-11-12T02:00:00Z,+12065550100,+8613800138000,marketing,,\n"
            + "c,2026-11-20T02:00:00Z,+12065550101,+8613800138000,marketing,true,30\n"
            + "d,2026-11-20T03:00:00Z,+12065550101,+8613900139000,marketing,true,30\n");
        var audit = PathOf("audit.jsonl");
        var screen = CliRun.Of("screen", "--calls", calls, "--policy", policy, "--consents", consents, "--audit", audit);
        Assert.Equal(["allow", "deny", "allow", "allow"], screen.Lines.Select(l => l.GetProperty("verdict").GetString()));
        return (policy, audit, consents);
    }

    [Fact]
    public void Evidence_shows_every_decision_about_a_number_with_the_consent_it_relied_on_and_its_row()
    {
        var (policy, audit, consents) = Replayed();

        var run = CliRun.Of("evidence", "+86 138 0013 8000", "--audit", audit, "--consents", consents, "--policy", policy);

        Assert.Equal(0, run.ExitCode);
        var decisions = run.Lines.Where(l => l.GetProperty("event").GetString() == "decision").ToList();
        Assert.Equal(3, decisions.Count);
        Assert.Equal(["proven", "refused", "proven"], decisions.Select(l => l.GetProperty("evidence").GetString()));
        Assert.Equal("crm-1", decisions[0].GetProperty("consent").GetProperty("id").GetString());
        Assert.Equal("signed-form-1", decisions[0].GetProperty("consentRecord").GetProperty("proof").GetString());
        Assert.Equal(2, decisions[0].GetProperty("consentRecord").GetProperty("line").GetInt32());
        Assert.Equal("consents.csv:3", decisions[2].GetProperty("consent").GetProperty("id").GetString());
        Assert.Equal("call-recording-2", decisions[2].GetProperty("consent").GetProperty("proof").GetString());
        Assert.Equal(new DateTimeOffset(2026, 11, 15, 0, 0, 0, TimeSpan.Zero), decisions[2].GetProperty("consent").GetProperty("grantedAt").GetDateTimeOffset());
        Assert.Contains(run.Lines, l => l.GetProperty("event").GetString() == "outcome");
        Assert.DoesNotContain("13800138000", File.ReadAllText(audit), StringComparison.Ordinal);
        Assert.DoesNotContain("13800138000", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void An_allowed_call_whose_consent_is_not_in_the_consents_file_is_an_evidence_gap_exit_1()
    {
        var (policy, audit, _) = Replayed();
        var other = Write("other-consents.csv", "number,purpose,granted_at,revoked_at,proof\n+8613800138000,marketing,2026-11-15T00:00:00Z,,call-recording-2\n");

        var run = CliRun.Of("evidence", "+8613800138000", "--audit", audit, "--consents", other, "--policy", policy);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal(["consent_not_in_file", "refused", "proven"], run.Lines.Where(l => l.GetProperty("event").GetString() == "decision").Select(l => l.GetProperty("evidence").GetString()));
        Assert.Contains("1 allowed call(s) without the evidence of their consent", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Evidence_needs_the_policy_pepper_and_a_readable_audit_file()
    {
        var (_, audit, consents) = Replayed();
        var noPepper = Write("no-pepper.json", """{ "ChinaDialCompliance": { } }""");
        var broken = Write("broken.jsonl", File.ReadAllText(audit) + "{ not json\n");

        var withoutPepper = CliRun.Of("evidence", "+8613800138000", "--audit", audit, "--consents", consents, "--policy", noPepper);
        var withBroken = CliRun.Of("evidence", "+8613800138000", "--audit", broken, "--consents", consents, "--policy", PathOf("policy.json"));

        Assert.Equal(2, withoutPepper.ExitCode);
        Assert.Contains("Audit:Pepper", withoutPepper.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, withBroken.ExitCode);
        Assert.Contains($"{broken}:{File.ReadAllLines(broken).Length}: not a JSON audit record", withBroken.Stderr, StringComparison.Ordinal);
        Assert.Empty(withBroken.Stdout);
    }

    [Fact]
    public void Screen_with_an_audit_file_needs_the_policy_pepper()
    {
        var calls = Write("calls.csv", Calls + "a,2026-11-05T02:00:00Z,+12065550100,+8613800138000,service,,\n");
        var run = CliRun.Of("screen", "--calls", calls, "--approve", "+12065550100", "--audit", PathOf("audit.jsonl"));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--audit needs the policy's Audit:Pepper", run.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("number,purpose,granted_at,revoked_at\n+8613800138000,marketing,2026-11-01T00:00:00Z,\n", 2, "a marketing consent without proof")]
    [InlineData("number,purpose,granted_at,revoked_at,proof\n+8613800138000,service,2026-11-01T00:00:00Z,,\n+8613800138000,marketing,2026-11-01T00:00:00Z,,  \n", 3, "a marketing consent without proof")]
    [InlineData("number,purpose,granted_at,revoked_at,proof\n+8613800138000,marketing,2026-11-01T00:00:00Z,,form-13800138000\n", 2, "'proof' holds the row's phone number")]
    public void A_consent_row_without_the_proof_its_purpose_needs_or_holding_its_number_stops_the_run_naming_its_line(string consents, int line, string message)
    {
        var file = Write("consents.csv", consents);
        var calls = Write("calls.csv", Calls + "a,2026-11-05T02:00:00Z,+12065550100,+8613800138000,marketing,,\n");

        var run = CliRun.Of("screen", "--calls", calls, "--approve", "+12065550100", "--consents", file);

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith($"chinadial: {file}:{line}: {message}", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Audit_prune_removes_records_older_than_the_retention_and_those_of_forgotten_numbers()
    {
        var (_, audit, _) = Replayed();
        var policy = Write("prune-policy.json", $$"""{ "ChinaDialCompliance": { "Audit": { "Pepper": "{{Pepper}}" }, "Retention": { "AuditRecords": "10.00:00:00" } } }""");
        var before = File.ReadAllLines(audit);

        var run = CliRun.Of("audit", "prune", "--audit", audit, "--policy", policy, "--now", "2026-11-22T00:00:00Z", "--forget", "+8613900139000");

        Assert.Equal(0, run.ExitCode);
        var after = File.ReadAllLines(audit).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.All(after, r => Assert.True(r.GetProperty("at").GetDateTimeOffset() >= new DateTimeOffset(2026, 11, 12, 0, 0, 0, TimeSpan.Zero)));
        var hash = new AuditOptions { Pepper = Pepper }.CreatePseudonymizer().Hash(PhoneNumberClassifier.Classify("+8613900139000"));
        Assert.DoesNotContain(after, r => r.GetProperty("destinationHash").GetString() == hash);
        var line = Assert.Single(run.Lines);
        Assert.Equal(after.Count, line.GetProperty("kept").GetInt64());
        Assert.Equal(before.Length, after.Count + line.GetProperty("expired").GetInt64() + line.GetProperty("forgotten").GetInt64());
        Assert.True(line.GetProperty("expired").GetInt64() > 0 && line.GetProperty("forgotten").GetInt64() > 0);
    }

    [Fact]
    public void Audit_prune_checks_every_file_before_rewriting_any()
    {
        var (policy, audit, _) = Replayed();
        var before = File.ReadAllText(audit);
        var broken = Write("broken.jsonl", "{\"event\":\"decision\"}\n");

        var run = CliRun.Of("audit", "prune", "--audit", audit, "--audit", broken, "--policy", policy, "--now", "2030-01-01T00:00:00Z");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"{broken}:1: not an audit record", run.Stderr, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllText(audit));
    }

    [Fact]
    public void Verify_callback_records_a_verification_that_the_policy_then_requires()
    {
        var policy = Policy(""", "RequireCallbackVerification": true, "ConnectConfigurationVersion": "flows-7", "VerificationsFile": "verifications.csv" """);
        var calls = Write("calls.csv", Calls
            + "a,2026-11-20T02:00:00Z,+12065550100,+8613800138000,service,,\n"
            + "b,2026-11-20T02:00:00Z,+12065550101,+8613800138001,service,,\n"
            + "c,2027-01-20T02:00:00Z,+12065550100,+8613800138002,service,,\n");

        var recorded = CliRun.Of("verify-callback", "+1 206-555-0100", "--policy", policy, "--connect-version", "flows-7", "--at", "2026-11-19T00:00:00Z", "--by", "ops");
        var old = CliRun.Of("verify-callback", "+12065550101", "--policy", policy, "--connect-version", "flows-6", "--at", "2026-11-19T00:00:00Z");
        var screen = CliRun.Of("screen", "--calls", calls, "--policy", policy);

        Assert.Equal(0, recorded.ExitCode);
        Assert.Equal(0, old.ExitCode);
        Assert.Equal(PathOf("verifications.csv"), recorded.Lines.Single().GetProperty("file").GetString());
        Assert.StartsWith("caller_id,verified_at,connect_version,verified_by\n+12065550100,2026-11-19T00:00:00+00:00,flows-7,ops\n", File.ReadAllText(PathOf("verifications.csv")), StringComparison.Ordinal);
        Assert.Equal(["allow", "deny", "deny"], screen.Lines.Select(l => l.GetProperty("verdict").GetString()));
        Assert.Equal(["caller_id_unverified"], screen.Lines[1].GetProperty("reasons").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["caller_id_unverified"], screen.Lines[2].GetProperty("reasons").EnumerateArray().Select(e => e.GetString()));
    }

    [Theory]
    [InlineData("+12065559999", "--connect-version", "v1", "is not in the policy's CallerIds:Approved")]
    [InlineData("+8696110", "--connect-version", "v1", "can never be a caller ID")]
    [InlineData("+12065550100", "--connect-version", "a,b", "--connect-version must be a non-empty text without commas")]
    [InlineData("+12065550100", "--at", "2999-01-01T00:00:00Z", "is ahead of the clock")]
    public void Verify_callback_refuses_what_it_cannot_record(string callerId, string option, string value, string message)
    {
        var policy = Policy(""", "VerificationsFile": "verifications.csv" """);
        string[] args = option == "--at"
            ? ["verify-callback", callerId, "--policy", policy, "--connect-version", "v1", option, value]
            : ["verify-callback", callerId, "--policy", policy, option, value];

        var run = CliRun.Of(args);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(message, run.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(PathOf("verifications.csv")));
    }

    [Fact]
    public void Verify_callback_appends_in_the_file_s_own_column_order_on_a_line_of_its_own()
    {
        var policy = Policy(""", "VerificationsFile": "verifications.csv" """);
        Write("verifications.csv", "connect_version,caller_id,verified_at\nflows-6,+12065550101,2026-11-18T00:00:00Z"); // no verified_by, no final line break

        var run = CliRun.Of("verify-callback", "+12065550100", "--policy", policy, "--connect-version", "flows-7", "--at", "2026-11-19T00:00:00Z", "--by", "ops");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(
            "connect_version,caller_id,verified_at\nflows-6,+12065550101,2026-11-18T00:00:00Z\nflows-7,+12065550100,2026-11-19T00:00:00+00:00\n",
            File.ReadAllText(PathOf("verifications.csv")));
        Assert.Equal(2, CallbackVerifications.Read(PathOf("verifications.csv")).Count);
    }

    [Fact]
    public void Verify_callback_needs_a_verifications_file_in_the_policy()
    {
        var run = CliRun.Of("verify-callback", "+12065550100", "--policy", Policy(), "--connect-version", "v1");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("names no CallerIds:VerificationsFile", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Screen_refuses_callees_on_a_refuse_list_given_on_the_command_line_and_a_policy_list_must_be_given()
    {
        var calls = Write("calls.csv", Calls + "a,2026-11-20T02:00:00Z,+12065550100,+8613800138000,service,,\n");
        var list = Write("refuse.csv", "number\n+8613800138000\n");
        var named = Write("named.json", """{ "ChinaDialCompliance": { "CallerIds": { "Approved": [ "+12065550100" ] }, "CallingHours": { "Enabled": false }, "RefuseLists": { "Lists": { "dnc": [ "Service" ] } } } }""");

        var listed = CliRun.Of("screen", "--calls", calls, "--policy", named, "--refuse-list", $"dnc={list}");
        var missing = CliRun.Of("screen", "--calls", calls, "--policy", named);
        var marketingOnly = CliRun.Of("screen", "--calls", calls, "--approve", "+12065550100", "--refuse-list", $"carrier={list}");
        var broken = CliRun.Of("screen", "--calls", calls, "--policy", named, "--refuse-list", $"dnc={Write("broken.csv", "+8613800138000\n138\n")}");

        Assert.Equal(["refuse_call_listed"], listed.Lines.Single().GetProperty("reasons").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("--refuse-list dnc=FILE", missing.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(marketingOnly.Lines.Single().GetProperty("reasons").EnumerateArray(), e => e.GetString() == "refuse_call_listed");
        Assert.Contains("it applies to marketing calls", marketingOnly.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, broken.ExitCode);
        Assert.Contains("line 2: '138' is not an E.164 number", broken.Stderr, StringComparison.Ordinal);
    }
}
