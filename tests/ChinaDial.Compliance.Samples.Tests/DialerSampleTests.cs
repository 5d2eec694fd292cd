using ChinaDial.Compliance.Redis;
using ChinaDial.Compliance.Redis.Tests;
using ChinaDial.Compliance.Samples.Dialer;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;

namespace ChinaDial.Compliance.Samples.Tests;

/// <summary>The dialer sample (samples/ChinaDial.Compliance.Dialer) hosted with its own settings and campaign.</summary>
public class DialerSampleTests
{
    // 10:00 in Shanghai: inside the default calling window of +86 callees.
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 2, 0, 0, TimeSpan.Zero);

    internal static string SampleDirectory => Path.Combine(RepositoryRoot.Path, "samples", "ChinaDial.Compliance.Dialer");

    [Fact]
    public async Task The_sample_campaign_in_memory_places_nine_denies_four_waits_out_one_rate_deferral_and_reschedules_one()
    {
        var clock = new JumpingClock(new FakeTimeProvider(Now));
        var logs = new CapturingLoggerProvider();

        using var host = await RunAsync(["--contentRoot", SampleDirectory], builder =>
        {
            builder.Services.AddSingleton<TimeProvider>(clock);
            builder.Logging.AddProvider(logs);
        });

        var summary = host.Services.GetRequiredService<CampaignSummary>();
        Assert.IsType<InMemoryConsentStore>(host.Services.GetRequiredService<IConsentStore>());
        Assert.Equal(14, summary.Calls);
        Assert.Equal(9, summary.Placed);           // r01-r07 (r06 after its wait, r07 on the caller ID the selector chose), r12, r13
        Assert.Equal(7, summary.Answered);
        Assert.Equal(4, summary.Denied);           // r08-r11
        Assert.Equal(1, summary.DenialsByReason[ReasonCode.DestinationSpecialService]);
        Assert.Equal(1, summary.DenialsByReason[ReasonCode.InvalidDestination]);
        Assert.Equal(1, summary.DenialsByReason[ReasonCode.CallerIdRegionProhibited]);
        Assert.Equal(1, summary.DenialsByReason[ReasonCode.NoConsent]);
        Assert.Equal(1, summary.Waits);            // r06: the sixth call of one caller ID in a minute
        Assert.Equal(1, summary.Rescheduled);      // r14: the third call of a pair in a day
        Assert.Equal(1, summary.ReschedulesByReason[ReasonCode.DestinationFrequencyExceeded]);
        Assert.Equal(0, summary.Failed);
        Assert.True(clock.GetUtcNow() - Now >= TimeSpan.FromMinutes(1), "r06 waited on the TimeProvider until its NotBefore");
        logs.AssertNoRawNumber("+8613800138000", "+8613800138005", "+8613900139000", "+864001234567", "+8613700137000");
    }

    [Fact]
    public async Task A_call_the_pluggable_dialer_fails_to_place_is_counted_failed_and_uses_no_quota()
    {
        var clock = new JumpingClock(new FakeTimeProvider(Now));

        using var host = await RunAsync(["--contentRoot", SampleDirectory], builder =>
        {
            builder.Services.AddSingleton<TimeProvider>(clock);
            builder.Services.AddSingleton<ICampaignDialer>(new FailingDialer("r01"));
        });

        var summary = host.Services.GetRequiredService<CampaignSummary>();
        Assert.Equal(1, summary.Failed);
        Assert.Equal(8, summary.Placed);
        Assert.Equal(0, summary.Waits);            // r01's cancelled ticket gave its slot back: r06 is the fifth call, not the sixth
    }

    [Fact]
    public async Task With_Redis_configured_but_unreachable_every_call_is_denied_and_nothing_is_placed()
    {
        // Nothing listens on this port: the shared limits cannot be decided, so the dialer fails closed.
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var clock = new JumpingClock(new FakeTimeProvider(Now));

        using var host = await RunAsync(
        [
            "--contentRoot", SampleDirectory,
            "--ChinaDialCompliance:Redis:Configuration", $"127.0.0.1:{port},connectTimeout=200,connectRetry=0",
            "--ChinaDialCompliance:Redis:KeySecret", "a dialer sample test secret",
        ], builder => builder.Services.AddSingleton<TimeProvider>(clock));

        var summary = host.Services.GetRequiredService<CampaignSummary>();
        Assert.Equal(0, summary.Placed);
        Assert.Equal(14, summary.Denied);
        Assert.True(summary.DenialsByReason[ReasonCode.PolicyError] >= 9, $"{summary.DenialsByReason[ReasonCode.PolicyError]} policy_error denials");
    }

    [Collection(SharedRedis.Name)]
    public class WithRedis(RedisServer redis)
    {
        [Fact]
        public async Task With_a_Redis_configuration_the_dialer_keeps_its_limits_and_consents_in_Redis()
        {
            var prefix = $"dialer-sample-{Guid.NewGuid():N}";
            var logs = new CapturingLoggerProvider();
            var campaign = Path.Combine(Directory.CreateTempSubdirectory("chinadial-dialer-").FullName, "campaign.csv");
            File.WriteAllLines(campaign,
            [
                "id,caller_id,destination,purpose,answered,duration_s",
                "a,+12065550100,+8613800138000,service,true,30",
                "b,+12065550100,+8613800138001,service,false,0",
                "c,+12065550100,+8613800138002,marketing,,",
                "d,+12065550100,+864001234567,service,,",
            ]);

            using var host = await RunAsync(
            [
                "--contentRoot", SampleDirectory,
                "--Dialer:Campaign", campaign,
                "--ChinaDialCompliance:Redis:Configuration", redis.Configuration,
                "--ChinaDialCompliance:Redis:KeySecret", "a dialer sample test secret",
                "--ChinaDialCompliance:Redis:KeyPrefix", prefix,
                "--ChinaDialCompliance:Redis:OperationTimeout", "00:00:05",   // a shared, busy test machine,
                "--ChinaDialCompliance:Evaluator:PolicyTimeout", "00:00:05",  // and the evaluator's own cut-off
                // Real time here (Redis decides on its own clock): the calling window is not what this test is about.
                "--ChinaDialCompliance:CallingHours:Enabled", "false",
            ], builder => builder.Logging.AddProvider(logs));

            var summary = host.Services.GetRequiredService<CampaignSummary>();
            Assert.IsType<RedisConsentStore>(host.Services.GetRequiredService<IConsentStore>());
            Assert.True(summary.Placed == 2, string.Join('\n', logs.Lines));
            Assert.Equal(2, summary.Denied);
            Assert.Equal(1, summary.DenialsByReason[ReasonCode.NoConsent]);
            Assert.Equal(1, summary.DenialsByReason[ReasonCode.DestinationSpecialService]);
            using var connection = await ConnectionMultiplexer.ConnectAsync(redis.Configuration);
            var keys = connection.GetServer(connection.GetEndPoints().Single()).Keys(pattern: prefix + "*").ToList();
            Assert.NotEmpty(keys);   // the caller-ID sliding log and the frequency caps of the placed calls
            File.Delete(campaign);
        }
    }

    /// <summary>Runs the sample to its end; the host is returned stopped, not disposed, so its services can be read.</summary>
    private static async Task<IHost> RunAsync(string[] args, Action<HostApplicationBuilder>? configure = null)
    {
        var host = DialerApp.Build(args, configure);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await host.StartAsync(timeout.Token);
        await host.WaitForShutdownAsync(timeout.Token);
        Assert.False(timeout.IsCancellationRequested, "the dialer did not stop by itself when the campaign was done");
        return host;
    }

    private sealed class FailingDialer(string failingId) : ICampaignDialer
    {
        public ValueTask<CallOutcome> PlaceAsync(CampaignCall row, string callerId, CancellationToken cancellationToken)
            => row.Id == failingId ? throw new IOException("trunk down") : ValueTask.FromResult(new CallOutcome(true, TimeSpan.FromSeconds(30)));
    }
}
