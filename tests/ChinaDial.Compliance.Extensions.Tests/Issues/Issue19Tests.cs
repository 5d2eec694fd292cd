using System.Text;
using System.Text.Json;
using ChinaDial.Compliance.Cli.Tests;
using ChinaDial.Compliance.Tests.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace ChinaDial.Compliance.Extensions.Tests.Issues;

/// <summary>Issue 19: evidence a regulator or carrier accepts. One test per reported gap. In the telemetry collection
/// (run alone) because two of them count measurements of the process-wide meter.</summary>
[Collection(MetricsAlone.Name)]
public sealed class Issue19Tests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 2, 0, 0, TimeSpan.Zero);
    private const string Pepper = "an issue 19 test pepper";
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("chinadial-issue19-");

    public void Dispose() => _folder.Delete(recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_folder.FullName, name);
        File.WriteAllText(path, text);
        return path;
    }

    private static ChinaDialComplianceOptions Options() => new()
    {
        CallerIds = { Approved = [TestNumbers.UsCallerId, TestNumbers.UsCallerId2] },
        CallingHours = { Enabled = false },
        Audit = { Pepper = Pepper },
    };

    private static Task<CallDecision> Call(OutboundCallEvaluator evaluator, string destination, CallPurpose purpose, string callerId = TestNumbers.UsCallerId)
        => evaluator.EvaluateAsync(new OutboundCall(callerId, destination, purpose)).AsTask();

    // "AuditRecord has no consent or proof field. Nobody can show which consent a given call relied on."
    [Fact]
    public async Task Gap_1_an_allowed_marketing_call_records_the_consent_it_relied_on_and_not_the_number()
    {
        var consents = new InMemoryConsentStore();
        consents.Grant(new ConsentRecord(TestNumbers.CnMobile, CallPurpose.Marketing, T0.AddDays(-3), Proof: "signed-form-7", Id: "crm-7"));
        var sink = new InMemoryAuditSink();
        var evaluator = Options().CreateEvaluator(new FakeTimeProvider(T0), consentStore: consents, auditSink: sink);

        Assert.True((await Call(evaluator, TestNumbers.CnMobile, CallPurpose.Marketing)).IsAllowed);

        var record = Assert.Single(sink.Records, r => r.Event == AuditEvent.Decision);
        Assert.Equal(new ConsentEvidence("crm-7", "signed-form-7", T0.AddDays(-3)), record.Consent);
        var json = JsonSerializer.Serialize(record);
        Assert.Contains("\"signed-form-7\"", json, StringComparison.Ordinal);
        Assert.DoesNotContain("13800138000", json, StringComparison.Ordinal);
    }

    // "The CLI's consents file has no proof column."
    [Fact]
    public void Gap_2_the_consents_file_has_a_proof_column_and_a_marketing_consent_without_proof_is_no_consent()
    {
        var policy = Write("policy.json", $$"""
            { "ChinaDialCompliance": { "CallerIds": { "Approved": [ "+12065550100" ] }, "CallingHours": { "Enabled": false },
              "Audit": { "Pepper": "{{Pepper}}" } } }
            """);
        var consents = Write("consents.csv", "number,purpose,granted_at,revoked_at,proof\n"
            + "+8613800138000,marketing,2026-11-01T00:00:00Z,,signed-form-1\n");
        var unproven = Write("unproven.csv", "number,purpose,granted_at,revoked_at,proof\n"
            + "+8613800138000,marketing,2026-11-01T00:00:00Z,,signed-form-1\n"
            + "+8613900139000,marketing,2026-11-01T00:00:00Z,,\n");
        var calls = Write("calls.csv", "id,at,caller_id,destination,purpose\n"
            + "proven,2026-11-05T02:00:00Z,+12065550100,+8613800138000,marketing\n");

        var proven = CliRun.Of("screen", "--calls", calls, "--policy", policy, "--consents", consents);
        var refused = CliRun.Of("screen", "--calls", calls, "--policy", policy, "--consents", unproven);

        Assert.Equal(0, proven.ExitCode);
        Assert.Equal("allow", Assert.Single(proven.Lines).GetProperty("verdict").GetString());
        Assert.Equal(2, refused.ExitCode); // a marketing consent without its proof is refused, naming its line
        Assert.Contains($"{unproven}:3", refused.Stderr, StringComparison.Ordinal);
        Assert.Empty(refused.Stdout);
    }

    // "Consent records never expire."
    [Fact]
    public void Gap_3_a_consent_ended_longer_ago_than_the_retention_is_dropped()
    {
        var time = new FakeTimeProvider(T0);
        using var consents = new InMemoryConsentStore(new RetentionOptions { ConsentsAfterRevocation = TimeSpan.FromDays(30) }, time);
        consents.Grant(new ConsentRecord(TestNumbers.CnMobile, CallPurpose.Marketing, T0.AddDays(-100), T0.AddDays(-31), Proof: "form"));
        consents.Grant(new ConsentRecord("+8613900139000", CallPurpose.Marketing, T0.AddDays(-100), T0.AddDays(-29), Proof: "form"));

        Assert.Equal(2, consents.Prune(T0)); // the first number's grant and its revocation

        Assert.Null(consents.GetProof(TestNumbers.CnMobile, CallPurpose.Marketing));
        Assert.Equal("form", consents.GetProof("+8613900139000", CallPurpose.Marketing));
    }

    // "There is no way to erase a person's data across the stores."
    [Fact]
    public async Task Gap_4_erasing_a_number_removes_its_consents_and_history_and_it_is_still_refused()
    {
        var sink = new InMemoryAuditSink();
        await using var provider = new ServiceCollection()
            .AddSingleton<TimeProvider>(new FakeTimeProvider(T0))
            .AddSingleton<IAuditSink>(sink)
            .AddChinaDialCompliance(o =>
            {
                o.CallerIds.Approved = [TestNumbers.UsCallerId];
                o.CallingHours.Enabled = false;
                o.Audit.Pepper = Pepper;
            })
            .BuildServiceProvider();
        var consents = (InMemoryConsentStore)provider.GetRequiredService<IConsentStore>();
        consents.Grant(new ConsentRecord(TestNumbers.CnMobile, CallPurpose.Marketing, T0.AddDays(-1), Proof: "form"));
        var evaluator = provider.GetRequiredService<OutboundCallEvaluator>();
        Assert.True((await Call(evaluator, TestNumbers.CnMobile, CallPurpose.Marketing)).IsAllowed);
        Assert.NotEmpty(sink.Records);

        await provider.GetRequiredService<PersonalDataEraser>().EraseAsync(TestNumbers.CnMobile);

        Assert.Empty(sink.Records);
        Assert.Null(consents.GetProof(TestNumbers.CnMobile, CallPurpose.Marketing));
        Assert.Equal(1, consents.SuppressionCount);
        foreach (var purpose in Enum.GetValues<CallPurpose>())
        {
            Assert.False((await Call(evaluator, TestNumbers.CnMobile, purpose)).IsAllowed);
        }
    }

    // "Carrier refuse-call lists: the only way in is the generic opt-out import ... nor for telling such a list apart
    // from a person's own opt-out."
    [Fact]
    public async Task Gap_5_a_carrier_refuse_call_list_is_imported_hashed_and_refuses_with_its_own_reason()
    {
        var options = Options();
        options.RefuseLists.Lists["carrier-refuse-call"] = [CallPurpose.Marketing, CallPurpose.Service];
        var lists = new InMemoryRefuseLists(options.RefuseLists);
        var consents = new InMemoryConsentStore();
        consents.OptOut("+8613900139000", null, T0.AddDays(-1));
        var evaluator = options.CreateEvaluator(new FakeTimeProvider(T0), consentStore: consents, refuseLists: lists);

        Assert.Equal([ReasonCode.PolicyError], (await Call(evaluator, TestNumbers.CnMobile, CallPurpose.Service)).Reasons.ToArray()); // not loaded: fail closed
        Assert.Equal(1, await lists.ImportAsync("carrier-refuse-call", new MemoryStream(Encoding.UTF8.GetBytes($"number\n{TestNumbers.CnMobile}\n"))));

        Assert.Equal([ReasonCode.RefuseCallListed], (await Call(evaluator, TestNumbers.CnMobile, CallPurpose.Service)).Reasons.ToArray());
        Assert.Equal([ReasonCode.OptedOut], (await Call(evaluator, "+8613900139000", CallPurpose.Service)).Reasons.ToArray());
        Assert.True((await Call(evaluator, "+8613700137000", CallPurpose.Service)).IsAllowed);
    }

    // "The inventory does not record whether a caller ID was verified to take call-backs, or when."
    [Fact]
    public async Task Gap_6_with_call_back_verification_required_a_caller_id_never_or_long_ago_verified_is_refused()
    {
        var options = Options();
        options.CallerIds.Approved = [TestNumbers.UsCallerId, TestNumbers.UsCallerId2, "+12065550102"];
        options.CallerIds.RequireCallbackVerification = true;
        options.CallerIds.ConnectConfigurationVersion = "flows-2";
        options.CallerIds.VerificationsFile = Write("verifications.csv", "caller_id,verified_at,connect_version,verified_by\n"
            + $"{TestNumbers.UsCallerId},2026-11-20T00:00:00Z,flows-2,ops\n"
            + $"{TestNumbers.UsCallerId2},2026-10-01T00:00:00Z,flows-2,ops\n"
            + "+12065550102,2026-11-20T00:00:00Z,flows-1,ops\n");
        var evaluator = options.CreateEvaluator(new FakeTimeProvider(T0));

        Assert.True((await Call(evaluator, "+8613800138001", CallPurpose.Service, TestNumbers.UsCallerId)).IsAllowed);
        Assert.Equal([ReasonCode.CallerIdUnverified], (await Call(evaluator, "+8613800138002", CallPurpose.Service, TestNumbers.UsCallerId2)).Reasons.ToArray()); // 53 days old
        Assert.Equal([ReasonCode.CallerIdUnverified], (await Call(evaluator, "+8613800138003", CallPurpose.Service, "+12065550102")).Reasons.ToArray()); // another configuration
        Assert.False(new ChinaDialComplianceOptions().CallerIds.RequireCallbackVerification);
    }

    // "There is no signal when a caller ID approaches a limit (only breach counts exist)."
    [Fact]
    public async Task Gap_7_a_caller_id_at_four_of_its_five_calls_a_minute_is_signalled_before_the_breach()
    {
        using var near = new MeasurementRecorder("chinadial.limit.near");
        var options = Options();
        options.Concurrency.Enabled = false;
        var evaluator = options.CreateEvaluator(new FakeTimeProvider(T0));

        for (var i = 0; i < 4; i++)
        {
            Assert.True((await Call(evaluator, $"+861380013800{i}", CallPurpose.Service)).IsAllowed);
        }

        Assert.Equal(1, near.Sum(("limit", "caller_id_rate")));
    }

    // "The click-to-dial guard emits no metrics or audit records at all."
    [Fact]
    public async Task Gap_8_the_click_to_dial_guard_counts_and_records_its_outcomes()
    {
        using var requests = new MeasurementRecorder("chinadial.click_to_dial.requests");
        var sink = new InMemoryAuditSink();
        var guard = new ClickToDialGuard(new ClickToDialOptions(), timeProvider: new FakeTimeProvider(T0), audit: new AuditTrail(sink, new AuditOptions { Pepper = Pepper }.CreatePseudonymizer()));

        await guard.EvaluateAsync(new(TestNumbers.CnMobile, "203.0.113.7", true));
        await guard.EvaluateAsync(new(TestNumbers.CnMobile, "203.0.113.7", false));

        Assert.Equal(1, requests.Sum(("outcome", "accepted")));
        Assert.Equal(1, requests.Sum(("outcome", "deflected")));
        Assert.Equal(["accepted", "deflected"], sink.Records.Select(r => r.Detail!.Split(',')[0]));
    }

    // "95/96 short codes pass as caller IDs for non-marketing calls, 96110 among them."
    [Theory]
    [InlineData("+8696110")]
    [InlineData("+862596110")]
    [InlineData("+8695588")]
    [InlineData("+8612321")]
    public async Task Gap_9_a_public_service_number_is_no_caller_id_even_for_a_service_call(string callerId)
    {
        var evaluator = Options().CreateEvaluator(new FakeTimeProvider(T0));

        Assert.Contains(ReasonCode.CallerIdPublicService, (await Call(evaluator, TestNumbers.CnMobile, CallPurpose.Service, callerId)).Reasons);
        Assert.Contains(new ChinaDialComplianceOptions { CallerIds = { Approved = [callerId] } }.Validate(), e => e.StartsWith("ChinaDialCompliance:CallerIds:Approved:0", StringComparison.Ordinal));
    }

    // "The sample policy approves +8695588, a bank's service hotline."
    [Fact]
    public void Gap_10_the_sample_policy_approves_no_public_service_number()
    {
        using var policy = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryRoot.Path, "samples/data/policy.json")));
        var approved = policy.RootElement.GetProperty("ChinaDialCompliance").GetProperty("CallerIds").GetProperty("Approved").EnumerateArray().Select(e => e.GetString()!).ToList();

        Assert.DoesNotContain("+8695588", approved);
        Assert.Empty(new ChinaDialComplianceOptions { CallerIds = { Approved = approved } }.Validate());
    }
}
