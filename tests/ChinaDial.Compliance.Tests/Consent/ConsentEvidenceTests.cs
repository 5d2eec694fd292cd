using System.Text.Json;
using FsCheck.Xunit;
using Microsoft.Extensions.Time.Testing;

namespace ChinaDial.Compliance.Tests.Consent;

/// <summary>Consent proof per call: which consent an allowed call relied on reaches its audit record, and a consent
/// nobody can prove is no consent where proof is required.</summary>
public class ConsentEvidenceTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 2, 0, 0, TimeSpan.Zero);

    private static (OutboundCallEvaluator Evaluator, InMemoryAuditSink Audit) Evaluator(IConsentStore store, ConsentOptions? consent = null)
    {
        var audit = new InMemoryAuditSink();
        var evaluator = new OutboundCallEvaluator(
            [new ConsentPolicy(consent ?? new ConsentOptions(), store)],
            timeProvider: new FakeTimeProvider(T0),
            audit: new AuditTrail(audit, new AuditOptions { Pepper = "a pepper of sixteen chars" }.CreatePseudonymizer()));
        return (evaluator, audit);
    }

    private static OutboundCall Marketing(string destination = TestNumbers.CnMobile) => new(TestNumbers.UsCallerId, destination, CallPurpose.Marketing);

    [Fact]
    public async Task An_allowed_marketing_call_records_the_consent_it_relied_on_with_its_proof_and_grant_instant()
    {
        var store = new InMemoryConsentStore();
        store.Grant(new ConsentRecord(TestNumbers.CnMobile, CallPurpose.Marketing, T0.AddDays(-3), Proof: "signed-form-4711", Id: "crm-consent-17"));
        var (evaluator, audit) = Evaluator(store);

        var decision = await evaluator.EvaluateAsync(Marketing());

        Assert.True(decision.IsAllowed);
        var record = Assert.Single(audit.Records);
        Assert.Equal(new ConsentEvidence("crm-consent-17", "signed-form-4711", T0.AddDays(-3)), record.Consent);
    }

    [Fact]
    public void The_evidence_is_the_consent_in_force_at_the_call_not_the_latest_recorded()
    {
        var store = new InMemoryConsentStore();
        store.Grant(new ConsentRecord(TestNumbers.CnMobile, CallPurpose.Marketing, T0.AddDays(-10), T0.AddDays(-5), "first-form", "c1"));
        store.Grant(new ConsentRecord(TestNumbers.CnMobile, CallPurpose.Marketing, T0.AddDays(-2), Proof: "second-form", Id: "c2"));
        store.Grant(new ConsentRecord(TestNumbers.CnMobile, CallPurpose.Marketing, T0.AddDays(3), Proof: "future-form", Id: "c3"));

        Assert.Equal("c2", store.Lookup(PhoneNumberClassifier.Classify(TestNumbers.CnMobile), CallPurpose.Marketing, T0).Evidence!.Id);
        Assert.Equal("c1", store.Lookup(PhoneNumberClassifier.Classify(TestNumbers.CnMobile), CallPurpose.Marketing, T0.AddDays(-6)).Evidence!.Id);
        Assert.Null(store.Lookup(PhoneNumberClassifier.Classify(TestNumbers.CnMobile), CallPurpose.Marketing, T0.AddDays(-4)).Evidence);
    }

    [Fact]
    public async Task A_marketing_consent_without_proof_is_no_consent_and_the_record_names_the_unproven_consent()
    {
        var store = new InMemoryConsentStore();
        store.Grant(new ConsentRecord(TestNumbers.CnMobile, CallPurpose.Marketing, T0.AddDays(-3), Id: "crm-consent-18"));
        var (evaluator, audit) = Evaluator(store);

        var decision = await evaluator.EvaluateAsync(Marketing());

        Assert.Equal([ReasonCode.NoConsent], decision.Reasons.ToArray());
        var evidence = Assert.Single(audit.Records).Consent;
        Assert.Equal("crm-consent-18", evidence!.Id);
        Assert.False(evidence.HasProof);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task A_blank_proof_is_no_proof(string proof)
    {
        var store = new InMemoryConsentStore();
        store.Grant(new ConsentRecord(TestNumbers.CnMobile, CallPurpose.Marketing, T0.AddDays(-3), Proof: proof));

        Assert.Equal([ReasonCode.NoConsent], (await Evaluator(store).Evaluator.EvaluateAsync(Marketing())).Reasons.ToArray());
    }

    [Fact]
    public async Task With_RequireProof_empty_a_consent_without_proof_serves_and_its_grant_instant_is_recorded()
    {
        var store = new InMemoryConsentStore();
        store.Grant(new ConsentRecord(TestNumbers.CnMobile, CallPurpose.Marketing, T0.AddDays(-3)));
        var (evaluator, audit) = Evaluator(store, new ConsentOptions { RequireProof = [] });

        Assert.True((await evaluator.EvaluateAsync(Marketing())).IsAllowed);
        Assert.Equal(new ConsentEvidence(null, null, T0.AddDays(-3)), Assert.Single(audit.Records).Consent);
    }

    private sealed class StatusOnlyStore : IConsentStore
    {
        public ValueTask<ConsentStatus> GetStatusAsync(PhoneNumberInfo callee, CallPurpose purpose, DateTimeOffset at, CancellationToken cancellationToken)
            => new(ConsentStatus.Granted);
    }

    [Fact]
    public async Task A_store_that_keeps_no_evidence_gets_no_marketing_call_through_when_proof_is_required()
    {
        var (evaluator, _) = Evaluator(new StatusOnlyStore());

        Assert.Equal([ReasonCode.NoConsent], (await evaluator.EvaluateAsync(Marketing())).Reasons.ToArray());
        Assert.True((await evaluator.EvaluateAsync(new OutboundCall(TestNumbers.UsCallerId, TestNumbers.CnMobile, CallPurpose.Service))).IsAllowed);
    }

    [Fact]
    public async Task Proof_is_asked_only_of_the_consents_calls_need()
    {
        var consent = new ConsentOptions { RequiredFor = [CallPurpose.Marketing], RequireProof = [CallPurpose.Marketing, CallPurpose.Service] };
        Assert.Empty(new ChinaDialComplianceOptions { Consent = consent }.Validate());

        var (evaluator, audit) = Evaluator(new InMemoryConsentStore(), consent);

        Assert.True((await evaluator.EvaluateAsync(new OutboundCall(TestNumbers.UsCallerId, TestNumbers.CnMobile, CallPurpose.Service))).IsAllowed);
        Assert.Null(Assert.Single(audit.Records).Consent);
    }

    [Fact]
    public async Task The_JSON_Lines_audit_file_holds_the_consent_reference_proof_and_grant_instant_and_no_raw_number()
    {
        var path = Path.Combine(Path.GetTempPath(), $"chinadial-evidence-{Guid.NewGuid():N}.jsonl");
        try
        {
            var store = new InMemoryConsentStore();
            store.Grant(new ConsentRecord(TestNumbers.CnMobile, CallPurpose.Marketing, T0.AddDays(-3), Proof: "recording-991", Id: "crm-1"));
            using (var sink = new JsonLinesAuditSink(path))
            {
                var evaluator = new ChinaDialComplianceOptions { CallerIds = { Approved = [TestNumbers.UsCallerId] }, CallingHours = { Enabled = false } }
                    .CreateEvaluator(new FakeTimeProvider(T0), consentStore: store, auditSink: sink);
                Assert.True((await evaluator.EvaluateAsync(Marketing())).IsAllowed);
            }

            var text = File.ReadAllText(path);
            var consent = JsonDocument.Parse(text).RootElement.GetProperty("consent");
            Assert.Equal("crm-1", consent.GetProperty("id").GetString());
            Assert.Equal("recording-991", consent.GetProperty("proof").GetString());
            Assert.Equal(T0.AddDays(-3), consent.GetProperty("grantedAt").GetDateTimeOffset());
            Assert.DoesNotContain("13800138000", text, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>A grant (with an id) or a revocation of one number and purpose, minutes from T0.</summary>
    public readonly record struct ConsentFact(bool Revoke, byte At, byte Id);

    [Property(MaxTest = 5_000)]
    public bool The_evidence_of_a_granted_lookup_is_the_latest_grant_at_or_before_the_instant_whatever_the_recording_order(ConsentFact[] events, int seed)
    {
        var store = new InMemoryConsentStore();
        var shuffled = events.ToArray();
        new Random(seed).Shuffle(shuffled);
        foreach (var e in shuffled)
        {
            if (e.Revoke)
            {
                store.Revoke(TestNumbers.CnMobile, CallPurpose.Marketing, T0.AddMinutes(e.At % 16));
            }
            else
            {
                store.Grant(new ConsentRecord(TestNumbers.CnMobile, CallPurpose.Marketing, T0.AddMinutes(e.At % 16), Proof: $"proof-{e.Id}", Id: $"id-{e.Id}"));
            }
        }

        var callee = PhoneNumberClassifier.Classify(TestNumbers.CnMobile);
        for (var minute = -1; minute <= 17; minute++)
        {
            var at = T0.AddMinutes(minute);
            var before = events.Where(e => T0.AddMinutes(e.At % 16) <= at).ToList();
            var latestInstant = before.Count == 0 ? (DateTimeOffset?)null : before.Max(e => T0.AddMinutes(e.At % 16));
            var atLatest = before.Where(e => T0.AddMinutes(e.At % 16) == latestInstant).ToList();
            var granted = atLatest.Count > 0 && atLatest.All(e => !e.Revoke);
            var lookup = store.Lookup(callee, CallPurpose.Marketing, at);
            if ((lookup.Status == ConsentStatus.Granted) != granted)
            {
                return false;
            }

            // The grant kept at one instant is one of the grants recorded there (the first recorded wins).
            if (granted && !atLatest.Any(e => lookup.Evidence!.Id == $"id-{e.Id}" && lookup.Evidence.Proof == $"proof-{e.Id}" && lookup.Evidence.GrantedAt == latestInstant))
            {
                return false;
            }
        }

        return true;
    }

    [Fact]
    public void Evidence_lookups_of_consents_with_proof_allocate_nothing()
    {
        var store = new InMemoryConsentStore();
        store.Grant(new ConsentRecord(TestNumbers.CnMobile, CallPurpose.Marketing, T0.AddDays(-3), Proof: "p", Id: "i"));
        var callee = PhoneNumberClassifier.Classify(TestNumbers.CnMobile);
        store.Lookup(callee, CallPurpose.Marketing, T0);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            store.Lookup(callee, CallPurpose.Marketing, T0);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
