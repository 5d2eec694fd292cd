using StackExchange.Redis;

namespace ChinaDial.Compliance.Redis.Tests;

/// <summary>One dialer node: its own connection to the server, the adapter's gateway and its Redis-backed parts.</summary>
internal sealed class RedisNode : IDisposable
{
    public const string Secret = "test-secret-0123456789";

    public RedisNode(RedisServer server, string prefix, Action<RedisComplianceOptions>? configure = null, ChinaDialComplianceOptions? compliance = null)
    {
        // A generous timeout by default: these tests check what is shared between nodes, and a loaded 2-core machine
        // (fsync on every write, tests in parallel) can take longer than the product's 200 ms. The fault tests set their own.
        Options = new RedisComplianceOptions
        {
            Configuration = server.Configuration,
            KeyPrefix = prefix,
            KeySecret = Secret,
            OperationTimeout = TimeSpan.FromSeconds(2),
        };
        configure?.Invoke(Options);
        Connection = RedisGateway.Connect(Options.Configuration!);
        Gateway = new RedisGateway(Connection, Options);
        Compliance = compliance ?? new ChinaDialComplianceOptions();
        CallerIdRate = new RedisCallerIdRatePolicy(Gateway, Compliance.CallerIdRate);
        DestinationFrequency = new RedisDestinationFrequencyPolicy(Gateway, Compliance.DestinationFrequency);
    }

    public RedisComplianceOptions Options { get; }

    public ConnectionMultiplexer Connection { get; }

    internal RedisGateway Gateway { get; }

    public ChinaDialComplianceOptions Compliance { get; }

    internal RedisCallerIdRatePolicy CallerIdRate { get; }

    internal RedisDestinationFrequencyPolicy DestinationFrequency { get; }

    /// <summary>A call judged now, as the evaluator makes it (not a preview: the call may reserve quota).</summary>
    public static CallContext Context(string callerId = "+12065550100", string destination = "+8613800138000", DateTimeOffset? at = null)
    {
        var instant = at ?? TimeProvider.System.GetUtcNow();
        return new CallContext(
            new OutboundCall(callerId, destination, CallPurpose.Service),
            PhoneNumberClassifier.Classify(callerId),
            PhoneNumberClassifier.Classify(destination),
            instant,
            Guid.NewGuid(),
            instant.AddHours(1));
    }

    /// <summary>A call judged now for a later instant (a preview, as the evaluator makes it: nothing may be reserved).</summary>
    public static CallContext Preview(string callerId = "+12065550100", string destination = "+8613800138000")
    {
        var now = TimeProvider.System.GetUtcNow();
        return new CallContext(
            new OutboundCall(callerId, destination, CallPurpose.Service),
            PhoneNumberClassifier.Classify(callerId),
            PhoneNumberClassifier.Classify(destination),
            now,
            now.AddMinutes(10),
            Guid.NewGuid(),
            now.AddHours(1));
    }

    public void Dispose() => Connection.Dispose();
}
