using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace ChinaDial.Compliance.Redis.Tests;

[Collection(SharedRedis.Name)]
public class RedisStoreTests(RedisServer server)
{
    private static readonly DateTimeOffset T = new(2026, 11, 23, 2, 0, 0, TimeSpan.Zero);
    private static readonly PhoneNumberInfo Callee = PhoneNumberClassifier.Classify("+8613800138000");

    [Fact]
    public async Task Consents_and_opt_outs_written_on_one_node_are_read_on_another_and_an_opt_out_wins_at_once()
    {
        var prefix = $"consent-{Guid.NewGuid():N}";
        using var a = new RedisNode(server, prefix);
        using var b = new RedisNode(server, prefix);
        var writer = new RedisConsentStore(a.Gateway);
        var reader = new RedisConsentStore(b.Gateway);

        Assert.Equal(ConsentStatus.None, await reader.GetStatusAsync(Callee, CallPurpose.Marketing, T, default));
        await writer.GrantAsync(new ConsentRecord("+8613800138000", CallPurpose.Marketing, T.AddDays(-1), Proof: "form-42"));
        Assert.Equal(ConsentStatus.Granted, await reader.GetStatusAsync(Callee, CallPurpose.Marketing, T, default));
        Assert.Equal(ConsentStatus.None, await reader.GetStatusAsync(Callee, CallPurpose.Marketing, T.AddDays(-2), default));

        await writer.RevokeAsync("+8613800138000", CallPurpose.Marketing, T.AddHours(1));
        Assert.Equal(ConsentStatus.Granted, await reader.GetStatusAsync(Callee, CallPurpose.Marketing, T, default));
        Assert.Equal(ConsentStatus.None, await reader.GetStatusAsync(Callee, CallPurpose.Marketing, T.AddHours(1), default));

        await writer.GrantAsync(new ConsentRecord("+8613800138000", CallPurpose.Marketing, T.AddDays(-1)));
        await writer.OptOutAsync("+8613800138000", null, T.AddMinutes(5));
        Assert.Equal(ConsentStatus.Granted, await reader.GetStatusAsync(Callee, CallPurpose.Marketing, T.AddMinutes(5).AddTicks(-TimeSpan.TicksPerMillisecond), default));
        Assert.Equal(ConsentStatus.OptedOut, await reader.GetStatusAsync(Callee, CallPurpose.Marketing, T.AddMinutes(5), default));
        Assert.Equal(ConsentStatus.OptedOut, await reader.GetStatusAsync(Callee, CallPurpose.Service, T.AddMinutes(5), default));

        // A later opt-out does not move the earlier one.
        await writer.OptOutAsync("+8613800138000", null, T.AddDays(1));
        Assert.Equal(ConsentStatus.OptedOut, await reader.GetStatusAsync(Callee, CallPurpose.Service, T.AddMinutes(5), default));
    }

    [Fact]
    public async Task One_pending_callback_per_number_across_nodes_cleared_only_by_its_own_completion_or_its_lifetime()
    {
        var prefix = $"callback-{Guid.NewGuid():N}";
        using var a = new RedisNode(server, prefix);
        using var b = new RedisNode(server, prefix);
        var first = new RedisPendingCallbacks(a.Gateway);
        var second = new RedisPendingCallbacks(b.Gateway);

        Assert.True(await first.TryAddAsync("+8613800138000", "cb-1", TimeSpan.FromMinutes(5)));
        Assert.False(await second.TryAddAsync("+8613800138000", "cb-2", TimeSpan.FromMinutes(5)));
        Assert.False(await second.CompleteAsync("+8613800138000", "cb-2"));
        Assert.True(await first.CompleteAsync("+8613800138000", "cb-1"));
        Assert.True(await second.TryAddAsync("+8613800138000", "cb-2", TimeSpan.FromMilliseconds(200)));
        await Task.Delay(400);
        Assert.True(await first.TryAddAsync("+8613800138000", "cb-3", TimeSpan.FromMinutes(5)));
    }

    [Fact]
    public async Task Outcome_counters_sum_every_node()
    {
        var prefix = $"outcomes-{Guid.NewGuid():N}";
        using var a = new RedisNode(server, prefix);
        using var b = new RedisNode(server, prefix);
        var counters = new[] { new RedisCallerIdOutcomeCounters(a.Gateway), new RedisCallerIdOutcomeCounters(b.Gateway) };
        var context = RedisNode.Context(at: T);
        counters[0].OnCompleted(context, new CallOutcome(true, TimeSpan.FromSeconds(5)), T);
        counters[1].OnCompleted(context, new CallOutcome(true, TimeSpan.FromSeconds(90)), T.AddMinutes(1));
        counters[1].OnCompleted(context, new CallOutcome(false, TimeSpan.Zero), T.AddMinutes(2));
        await a.Connection.GetDatabase().PingAsync();
        await b.Connection.GetDatabase().PingAsync();

        var counts = await counters[0].GetAsync("+12065550100", T, T.AddMinutes(2));
        Assert.Equal(new CallerIdOutcomeCounts(3, 2, 1), counts);
    }

    [Fact]
    public async Task No_raw_phone_number_is_written_to_any_redis_key_or_value()
    {
        var prefix = $"pipl-{Guid.NewGuid():N}";
        var compliance = new ChinaDialComplianceOptions { CallerIdRate = { Limit = 2 } };
        using var node = new RedisNode(server, prefix, compliance: compliance);
        string[] callerIds = ["+12065550100", "+12065550101"];
        string[] callees = ["+8613800138000", "+8613900139000", "+861012345678"];
        foreach (var callerId in callerIds)
        {
            foreach (var callee in callees)
            {
                var context = RedisNode.Context(callerId, callee);
                await node.CallerIdRate.EvaluateAsync(context, default);
                await node.DestinationFrequency.EvaluateAsync(context, default);
                new RedisCallerIdOutcomeCounters(node.Gateway).OnCompleted(context, new CallOutcome(true, TimeSpan.FromSeconds(30)), T);
            }
        }

        var consents = new RedisConsentStore(node.Gateway);
        var callbacks = new RedisPendingCallbacks(node.Gateway);
        foreach (var callee in callees)
        {
            await consents.GrantAsync(new ConsentRecord(callee, CallPurpose.Marketing, T, Proof: "form-7"));
            await consents.OptOutAsync(callee, CallPurpose.Marketing, T.AddDays(1));
            await callbacks.TryAddAsync(callee, "cb-7", TimeSpan.FromMinutes(5));
        }

        // Every key of the run, its name and its DUMP (the stored bytes), searched for every digit string a number has.
        var forbidden = callerIds.Concat(callees)
            .SelectMany(n => new[] { n.TrimStart('+'), n.TrimStart('+')[2..], n.TrimStart('+')[1..] })
            .ToArray();
        var redis = node.Connection.GetServer(node.Connection.GetEndPoints()[0]);
        var database = node.Connection.GetDatabase();
        var keys = redis.Keys(pattern: $"{prefix}:*", pageSize: 100).ToList();
        Assert.True(keys.Count >= 10, $"{keys.Count} keys");
        foreach (var key in keys)
        {
            var dump = Encoding.Latin1.GetString(await database.KeyDumpAsync(key) ?? []);
            foreach (var digits in forbidden)
            {
                Assert.DoesNotContain(digits, (string)key!, StringComparison.Ordinal);
                Assert.DoesNotContain(digits, dump, StringComparison.Ordinal);
            }

            Assert.True(await database.KeyTimeToLiveAsync(key) is not null || (await database.KeyTypeAsync(key)) == RedisType.Hash, $"{key} has no TTL");
        }
    }

    [Fact]
    public void Registration_replaces_the_in_process_limits_and_consent_store_and_validates_at_start_up()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ChinaDialCompliance:CallerIds:Approved:0"] = "+12065550100",
            ["ChinaDialCompliance:Redis:Configuration"] = server.Configuration,
            ["ChinaDialCompliance:Redis:KeySecret"] = RedisNode.Secret,
            ["ChinaDialCompliance:Redis:KeyPrefix"] = $"di-{Guid.NewGuid():N}",
        }).Build();
        using var provider = new ServiceCollection().AddChinaDialCompliance(configuration).AddChinaDialComplianceRedis(configuration).BuildServiceProvider();
        var evaluator = provider.GetRequiredService<OutboundCallEvaluator>();
        var names = evaluator.Policies.Select(p => (p.Name, Type: p.GetType().Name)).ToList();
        Assert.Contains((BuiltInPolicyNames.CallerIdRate, nameof(RedisCallerIdRatePolicy)), names);
        Assert.Contains((BuiltInPolicyNames.DestinationFrequency, nameof(RedisDestinationFrequencyPolicy)), names);
        Assert.Single(names, n => n.Name == BuiltInPolicyNames.CallerIdRate);
        Assert.IsType<RedisConsentStore>(provider.GetRequiredService<IConsentStore>());
        Assert.IsType<RedisPendingCallbacks>(provider.GetRequiredService<IPendingCallbackStore>());
        Assert.NotNull(provider.GetRequiredService<RedisComplianceHealthCheck>());

        var missing = new ServiceCollection().AddChinaDialComplianceRedis(options => options.Configuration = server.Configuration).BuildServiceProvider();
        var error = Assert.Throws<OptionsValidationException>(() => missing.GetRequiredService<IOptions<RedisComplianceOptions>>().Value);
        Assert.Contains("KeySecret", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Click_to_dial_guards_of_two_nodes_registered_with_the_adapter_call_a_number_back_once()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ChinaDialCompliance:ClickToDial:RequireAuthentication"] = "false",
            ["ChinaDialCompliance:Redis:Configuration"] = server.Configuration,
            ["ChinaDialCompliance:Redis:KeySecret"] = RedisNode.Secret,
            ["ChinaDialCompliance:Redis:KeyPrefix"] = $"guard-{Guid.NewGuid():N}",
            ["ChinaDialCompliance:Redis:OperationTimeout"] = "00:00:02",
        }).Build();
        using var a = new ServiceCollection().AddChinaDialCompliance(configuration).AddChinaDialComplianceRedis(configuration).BuildServiceProvider();
        using var b = new ServiceCollection().AddChinaDialCompliance(configuration).AddChinaDialComplianceRedis(configuration).BuildServiceProvider();
        var first = a.GetRequiredService<ClickToDialGuard>();
        var second = b.GetRequiredService<ClickToDialGuard>();

        var accepted = await first.EvaluateAsync(new("+8613800138000", "203.0.113.7", true));
        var duplicate = await second.EvaluateAsync(new("+8613800138000", "198.51.100.7", true));

        Assert.Equal(ClickToDialOutcome.Accepted, accepted.Outcome);
        Assert.Equal(ClickToDialOutcome.ShadowAccepted, duplicate.Outcome);
        Assert.Equal(ReasonCodeSet.Of(ReasonCode.DuplicateCallback), duplicate.Reasons);
        Assert.True(await second.CompleteCallbackAsync("+8613800138000", accepted.CallbackId));
        Assert.Equal(ClickToDialOutcome.Accepted, (await second.EvaluateAsync(new("+8613800138000", "198.51.100.7", true))).Outcome);
    }
}
