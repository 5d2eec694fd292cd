using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ChinaDial.Compliance.Redis.Tests;

/// <summary>
/// One dialer node as an application builds it: its own DI container (<c>AddChinaDialCompliance</c> and
/// <c>AddChinaDialComplianceRedis</c>), so its own connection, evaluator, health monitor and click-to-dial guard, on a
/// key prefix shared with the other nodes of the test. The caller IDs <see cref="TestNumbers.UsCallerId"/> and
/// <see cref="TestNumbers.UsCallerId2"/> are approved; calling hours are off (Redis decides on the real clock).
/// </summary>
internal sealed class RedisDialerNode : IDisposable
{
    public RedisDialerNode(string configuration, string prefix, Action<ChinaDialComplianceOptions>? compliance = null, Action<RedisComplianceOptions>? redis = null)
    {
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.AddProvider(Logs).SetMinimumLevel(LogLevel.Debug));
        services.AddChinaDialCompliance(options =>
        {
            options.CallerIds.Approved = [TestNumbers.UsCallerId, TestNumbers.UsCallerId2];
            options.CallingHours.Enabled = false;
            compliance?.Invoke(options);
        });
        services.AddChinaDialComplianceRedis(options =>
        {
            options.Configuration = configuration;
            options.KeyPrefix = prefix;
            options.KeySecret = RedisNode.Secret;
            options.OperationTimeout = TimeSpan.FromSeconds(2); // a loaded test machine; the fault tests set their own
            redis?.Invoke(options);
        });
        Services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
        Evaluator = Services.GetRequiredService<OutboundCallEvaluator>();
    }

    public ServiceProvider Services { get; }

    public OutboundCallEvaluator Evaluator { get; }

    public CapturingLoggerProvider Logs { get; } = new();

    public ClickToDialGuard Guard => Services.GetRequiredService<ClickToDialGuard>();

    public RedisComplianceHealthCheck HealthCheck => Services.GetRequiredService<RedisComplianceHealthCheck>();

    public ValueTask<CallDecision> Evaluate(string callerId = TestNumbers.UsCallerId, string destination = TestNumbers.CnMobile, CallPurpose purpose = CallPurpose.Service)
        => Evaluator.EvaluateAsync(new OutboundCall(callerId, destination, purpose));

    /// <summary>Sends a PING on the node's connection: what the node sent before (fire and forget) has reached Redis.</summary>
    public Task Flush() => Services.GetRequiredService<StackExchange.Redis.IConnectionMultiplexer>().GetDatabase().PingAsync();

    public void Dispose() => Services.Dispose();
}
