using System.Text;
using Microsoft.Extensions.DependencyInjection;

namespace ChinaDial.Compliance.Redis.Tests;

/// <summary>Refuse lists shared by every node: imported hashed, replaced atomically, asked in the decision's one round
/// trip.</summary>
public sealed class RedisRefuseListTests(FastRedis redis) : IClassFixture<FastRedis>
{
    private ServiceProvider Node(string prefix) => new ServiceCollection()
        .AddChinaDialCompliance(o =>
        {
            o.CallerIds.Approved = [TestNumbers.UsCallerId];
            o.CallingHours.Enabled = false;
            o.RefuseLists.Lists["carrier-refuse-call"] = [CallPurpose.Marketing, CallPurpose.Service];
        })
        .AddChinaDialComplianceRedis(o =>
        {
            o.Configuration = redis.Server.Configuration;
            o.KeyPrefix = prefix;
            o.KeySecret = RedisNode.Secret;
            o.OperationTimeout = TimeSpan.FromSeconds(5);
        })
        .BuildServiceProvider();

    private static MemoryStream Text(string text) => new(Encoding.UTF8.GetBytes(text));

    private static Task<CallDecision> Call(ServiceProvider node, string destination, CallPurpose purpose = CallPurpose.Service)
        => node.GetRequiredService<OutboundCallEvaluator>().EvaluateAsync(new OutboundCall(TestNumbers.UsCallerId, destination, purpose)).AsTask();

    [Fact]
    public async Task A_list_imported_on_one_node_refuses_its_numbers_on_another_and_holds_no_number()
    {
        var prefix = $"refuse-{Guid.NewGuid():N}";
        using var a = Node(prefix);
        using var b = Node(prefix);

        Assert.Equal([ReasonCode.PolicyError], (await Call(b, TestNumbers.CnMobile)).Reasons.ToArray()); // never imported: fail closed
        var imported = await a.GetRequiredService<IRefuseListStore>().ImportAsync("carrier-refuse-call", Text($"number\n{TestNumbers.CnMobile}\n+8613900139000\n"));

        Assert.Equal(2, imported);
        Assert.Equal([ReasonCode.RefuseCallListed], (await Call(b, TestNumbers.CnMobile)).Reasons.ToArray());
        Assert.True((await Call(b, "+8613700137000")).IsAllowed);
        Assert.True((await Call(b, TestNumbers.CnMobile, CallPurpose.Callback)).IsAllowed);
        var server = redis.Connection.GetServer(redis.Connection.GetEndPoints()[0]);
        foreach (var key in server.Keys(pattern: $"{prefix}:*"))
        {
            Assert.DoesNotContain("13800138000", key.ToString(), StringComparison.Ordinal);
            var database = redis.Connection.GetDatabase();
            if (await database.KeyTypeAsync(key) != StackExchange.Redis.RedisType.Hash)
            {
                continue; // the decision's own keys (rate logs, counters): the erasure tests read those
            }

            foreach (var field in await database.HashGetAllAsync(key))
            {
                Assert.DoesNotContain("13800138000", Encoding.Latin1.GetString((byte[])field.Name!), StringComparison.Ordinal);
                Assert.DoesNotContain("13800138000", Encoding.Latin1.GetString((byte[])field.Value!), StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task A_number_on_every_version_is_refused_by_every_call_judged_while_the_list_is_replaced()
    {
        using var node = Node($"refuse-{Guid.NewGuid():N}");
        var store = node.GetRequiredService<IRefuseListStore>();
        string Version(int offset) => string.Join('\n', Enumerable.Range(offset, 50_000).Select(i => $"+86139{i:00000000}").Append(TestNumbers.CnMobile));
        var versions = new[] { Encoding.UTF8.GetBytes(Version(0)), Encoding.UTF8.GetBytes(Version(100_000)) };
        await store.ImportAsync("carrier-refuse-call", new MemoryStream(versions[0]));
        using var stop = new CancellationTokenSource();
        var replacing = Task.Run(async () =>
        {
            for (var i = 1; i <= 4; i++)
            {
                await store.ImportAsync("carrier-refuse-call", new MemoryStream(versions[i % 2]));
            }

            stop.Cancel();
        });

        var judged = 0;
        while (!stop.IsCancellationRequested)
        {
            Assert.Equal([ReasonCode.RefuseCallListed], (await Call(node, TestNumbers.CnMobile)).Reasons.ToArray());
            judged++;
        }

        await replacing;
        Assert.True(judged > 0);
        // The last import (i = 4) put the first version back: its own numbers are refused, the second's are not.
        Assert.Equal([ReasonCode.RefuseCallListed], (await Call(node, "+8613900000001")).Reasons.ToArray());
        Assert.True((await Call(node, "+8613900100001")).IsAllowed);
    }

    [Fact]
    public async Task The_list_look_up_is_started_with_the_consent_read_in_the_decision_s_one_round_trip()
    {
        using var node = Node($"refuse-{Guid.NewGuid():N}");
        var decisions = node.GetRequiredService<RedisDecisions>();
        var context = RedisNode.Context();

        var decision = decisions.Join(context, reserving: false, CancellationToken.None);

        Assert.NotNull(decision.Consent);
        Assert.NotNull(decision.RefuseLists);
        Assert.NotNull(decision.CallerId);
        await Task.WhenAll(decision.Consent!, decision.CallerId!);
        Assert.Equal(RefuseListAnswer.NotLoaded, await decision.RefuseLists!);
    }
}
