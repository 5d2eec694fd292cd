using ChinaDial.Compliance.Tests.Telemetry;
using Microsoft.Extensions.Time.Testing;

namespace ChinaDial.Compliance.Tests.CallerIds;

/// <summary>Call-back verification (<c>CallerIds:RequireCallbackVerification</c>). Alone: one test counts policy errors
/// on the process-wide meter.</summary>
/// <remarks>Each test's file stays until the whole class has run (<see cref="VerificationFiles"/>): a policy checks its file
/// on the thread pool after its first evaluation, and a check that found a file deleted by its test's cleanup would
/// count a policy error on the same meter while a later test counts them.</remarks>
[Collection(MetricsAlone.Name)]
public sealed class CallbackVerificationPolicyTests(CallbackVerificationPolicyTests.VerificationFiles files) : IClassFixture<CallbackVerificationPolicyTests.VerificationFiles>
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 2, 0, 0, TimeSpan.Zero);
    private const string Header = "caller_id,verified_at,connect_version,verified_by\n";
    private readonly string _file = Path.Combine(files.Folder, $"{Guid.NewGuid():N}.csv");

    private CallbackVerificationPolicy Policy(string text, string? version = null, TimeSpan? maxAge = null)
    {
        File.WriteAllText(_file, text);
        return new CallbackVerificationPolicy(new CallerIdOptions { ConnectConfigurationVersion = version, CallbackVerificationMaxAge = maxAge ?? TimeSpan.FromDays(30) }, _file);
    }

    private static Task<CallDecision> Call(OutboundCallEvaluator evaluator, string callerId)
        => evaluator.EvaluateAsync(new OutboundCall(callerId, TestNumbers.CnMobile, CallPurpose.Service)).AsTask();

    [Theory]
    [InlineData("2026-11-22T02:00:00Z", true)] // a day before the call
    [InlineData("2026-10-24T02:00:00Z", true)] // exactly 30 days before
    [InlineData("2026-10-24T01:59:59Z", false)] // a second too old
    [InlineData("2026-11-23T02:00:01Z", false)] // after the call: not yet verified at its instant
    [InlineData("0001-01-01T00:00:00Z", false)]
    [InlineData("9999-12-31T23:59:59Z", false)]
    public async Task A_caller_id_counts_as_verified_only_by_a_verification_at_most_the_maximum_age_before_the_call(string verifiedAt, bool allowed)
    {
        var evaluator = new OutboundCallEvaluator([Policy($"{Header}{TestNumbers.UsCallerId},{verifiedAt},v1,ops\n")], timeProvider: new FakeTimeProvider(T0));

        var decision = await Call(evaluator, TestNumbers.UsCallerId);

        Assert.Equal(allowed, decision.IsAllowed);
        Assert.Equal(allowed ? [] : [ReasonCode.CallerIdUnverified], decision.Reasons.ToArray());
    }

    [Fact]
    public async Task Only_a_verification_against_the_configuration_in_force_counts_and_the_latest_by_instant_decides()
    {
        var evaluator = new OutboundCallEvaluator(
            [Policy($"{Header}{TestNumbers.UsCallerId2},2026-11-22T00:00:00Z,v2,ops\n{TestNumbers.UsCallerId},2026-11-22T00:00:00Z,v2,ops\n{TestNumbers.UsCallerId},2026-11-21T00:00:00Z,v1,ops\n", version: "v1")],
            timeProvider: new FakeTimeProvider(T0));

        // The rows are out of order: the caller ID's latest verification (v2) is not against v1, so it is unverified.
        Assert.Equal([ReasonCode.CallerIdUnverified], (await Call(evaluator, TestNumbers.UsCallerId)).Reasons.ToArray());
        Assert.Equal([ReasonCode.CallerIdUnverified], (await Call(evaluator, TestNumbers.UsCallerId2)).Reasons.ToArray());
        Assert.Equal([ReasonCode.CallerIdUnverified], (await Call(evaluator, "+12065550102")).Reasons.ToArray()); // never verified
    }

    [Theory]
    [InlineData("caller_id,verified_at\n+12065550100,2026-11-22T00:00:00Z\n", "must name the columns caller_id, verified_at and connect_version")]
    [InlineData(Header + "+12065550100,2026-11-22,v1,ops\n", ":2: 'verified_at' is not an ISO-8601 instant")]
    [InlineData(Header + "12065550100,2026-11-22T00:00:00Z,v1,ops\n", ":2: 'caller_id' is not an E.164 number")]
    [InlineData(Header + "+12065550100,2026-11-22T00:00:00Z,,ops\n", ":2: 'connect_version' is empty")]
    [InlineData(Header + "+12065550100,2026-11-22T00:00:00Z,v1\n", ":2: 3 field(s)")]
    [InlineData("", "empty")]
    public void A_verifications_file_that_cannot_be_read_fails_at_start_naming_its_line(string text, string message)
    {
        var error = Assert.Throws<ChinaDialComplianceOptionsException>(() => Policy(text));

        Assert.Contains("CallerIds:VerificationsFile", error.Message, StringComparison.Ordinal);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Requiring_verification_without_a_file_or_with_a_blank_version_or_an_age_out_of_bounds_fails_validation()
    {
        var errors = new ChinaDialComplianceOptions
        {
            CallerIds = { RequireCallbackVerification = true, ConnectConfigurationVersion = " ", CallbackVerificationMaxAge = TimeSpan.FromHours(1) },
        }.Validate();

        Assert.Contains(errors, e => e.StartsWith("ChinaDialCompliance:CallerIds:VerificationsFile is required", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("ChinaDialCompliance:CallerIds:ConnectConfigurationVersion is blank", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("ChinaDialCompliance:CallerIds:CallbackVerificationMaxAge", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_new_verification_is_read_within_a_minute_and_a_file_that_breaks_keeps_the_last_good_inventory_and_counts_an_error()
    {
        using var errors = new MeasurementRecorder("chinadial.policy.errors");
        var clock = new FakeTimeProvider(T0);
        var policy = Policy($"{Header}{TestNumbers.UsCallerId},2026-11-22T00:00:00Z,v1,ops\n");
        var evaluator = new OutboundCallEvaluator([policy], timeProvider: clock);
        Assert.Equal([ReasonCode.CallerIdUnverified], (await Call(evaluator, TestNumbers.UsCallerId2)).Reasons.ToArray());

        File.AppendAllText(_file, $"{TestNumbers.UsCallerId2},2026-11-23T01:00:00Z,v1,ops\n");
        File.SetLastWriteTimeUtc(_file, File.GetLastWriteTimeUtc(_file).AddMinutes(1));
        clock.Advance(TimeSpan.FromMinutes(2));
        await Call(evaluator, TestNumbers.UsCallerId); // starts the reload
        await Until(() => policy.Inventory.Count == 2);
        Assert.True((await Call(evaluator, TestNumbers.UsCallerId2)).IsAllowed);

        File.WriteAllText(_file, "garbage\n");
        File.SetLastWriteTimeUtc(_file, File.GetLastWriteTimeUtc(_file).AddMinutes(2));
        clock.Advance(TimeSpan.FromMinutes(2));
        await Call(evaluator, TestNumbers.UsCallerId);
        await Until(() => errors.Sum(("policy", BuiltInPolicyNames.CallbackVerification)) == 1);
        Assert.Equal(2, policy.Inventory.Count);
        Assert.True((await Call(evaluator, TestNumbers.UsCallerId2)).IsAllowed);
    }

    private static async Task Until(Func<bool> condition)
    {
        for (var i = 0; i < 500 && !condition(); i++)
        {
            await Task.Delay(10);
        }

        Assert.True(condition());
    }

    /// <summary>A folder for the class's verification files, deleted after its last test.</summary>
    public sealed class VerificationFiles : IDisposable
    {
        public string Folder { get; } = Directory.CreateTempSubdirectory("chinadial-verifications-").FullName;

        public void Dispose() => Directory.Delete(Folder, recursive: true);
    }
}
