using System;
using System.Collections.Concurrent;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using Polly;
using Polly.CircuitBreaker;
using Polly.Timeout;
using StackExchange.Redis;

namespace ChinaDial.Compliance.Redis;

/// <summary>
/// Every Redis call of the adapter goes through here: a Polly pipeline with a timeout of
/// <see cref="RedisComplianceOptions.OperationTimeout"/> inside a circuit breaker, one per server (Redis Cluster master). A call that fails, times out or
/// meets an open circuit throws (<see cref="IsOutage"/> tells these apart from programming errors); it never waits longer
/// than the timeout.
/// </summary>
internal sealed class RedisGateway
{
    private static readonly ResiliencePropertyKey<TimeSpan> TimeoutKey = new("ChinaDial.Compliance.Redis.Timeout");
    private readonly ResiliencePipeline _pipeline;
    private readonly ConcurrentDictionary<EndPoint, ResiliencePipeline> _pipelines = new();

    /// <summary>Creates the gateway over <paramref name="connection"/>.</summary>
    /// <param name="connection">The multiplexer (configured with <c>AbortOnConnectFail=false</c> and a fail-fast backlog
    /// by <see cref="Connect"/>).</param>
    /// <param name="options">The validated options.</param>
    public RedisGateway(IConnectionMultiplexer connection, RedisComplianceOptions options)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate(hasMultiplexer: true);
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(Environment.NewLine, errors), nameof(options));
        }

        Connection = connection;
        Options = options;
        Keys = new RedisKeyspace(options.KeyPrefix, options.KeySecret!);
        _pipeline = NewPipeline(options);
    }

    /// <summary>The connection.</summary>
    public IConnectionMultiplexer Connection { get; }

    /// <summary>The options.</summary>
    public RedisComplianceOptions Options { get; }

    internal RedisKeyspace Keys { get; }

    /// <summary>A timeout inside a circuit breaker. There is one pipeline per server (a Redis Cluster master), so that a
    /// master that fails opens the circuit of its own slots only, and one for calls that name no key.</summary>
    private static ResiliencePipeline NewPipeline(RedisComplianceOptions options)
        => new ResiliencePipelineBuilder()
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                FailureRatio = options.CircuitFailureRatio,
                MinimumThroughput = options.CircuitMinimumThroughput,
                SamplingDuration = options.CircuitSamplingDuration,
                BreakDuration = options.CircuitBreakDuration,
                ShouldHandle = new PredicateBuilder().Handle<Exception>(IsOutage),
            })
            .AddTimeout(new TimeoutStrategyOptions
            {
                TimeoutGenerator = args => new ValueTask<TimeSpan>(args.Context.Properties.GetValue(TimeoutKey, options.OperationTimeout)),
            })
            .Build();

    /// <summary>Connects with the settings the adapter relies on: no abort when the first connection fails (the
    /// multiplexer keeps reconnecting) and a fail-fast backlog (a command is never queued to run after its decision was
    /// given up).</summary>
    /// <param name="configuration">The StackExchange.Redis configuration string.</param>
    public static ConnectionMultiplexer Connect(string configuration)
    {
        var options = ConfigurationOptions.Parse(configuration);
        options.AbortOnConnectFail = false;
        options.BacklogPolicy = BacklogPolicy.FailFast;
        return ConnectionMultiplexer.Connect(options);
    }

    /// <summary>Whether <paramref name="exception"/> means Redis could not answer (connection, timeout, open circuit,
    /// server error) rather than a bug.</summary>
    public static bool IsOutage(Exception exception)
        => exception is RedisException or TimeoutRejectedException or BrokenCircuitException or TimeoutException;

    /// <summary>Runs <paramref name="operation"/> on the database through the pipeline.</summary>
    /// <remarks>StackExchange.Redis takes no cancellation token, so the command's task is awaited with
    /// <see cref="Task{TResult}.WaitAsync(CancellationToken)"/> on the timeout's token: when the timeout fires, the
    /// decision is given up at once (the command's late answer is dropped). The callback is not an <c>async</c> lambda:
    /// it hands that task to the pipeline as it is, without a state machine of its own.</remarks>
    internal ValueTask<T> ExecuteAsync<T, TState>(Func<IDatabase, TState, Task<T>> operation, TState state, CancellationToken cancellationToken, RedisKey? route = null)
        => PipelineFor(route).ExecuteAsync(
            static (s, token) => Send(s, token),
            (Operation: operation, Database: Connection.GetDatabase(), State: state),
            cancellationToken);

    /// <summary>Runs <paramref name="operation"/> through the pipeline with a timeout of its own, at most
    /// <see cref="RedisComplianceOptions.OperationTimeout"/>: what is left of the earliest deadline among the decisions
    /// it answers.</summary>
    internal async ValueTask<T> ExecuteAsync<T, TState>(Func<IDatabase, TState, Task<T>> operation, TState state, TimeSpan timeout, RedisKey? route = null)
    {
        var pipeline = PipelineFor(route);
        var context = ResilienceContextPool.Shared.Get();
        context.Properties.Set(TimeoutKey, timeout);
        try
        {
            return await pipeline.ExecuteAsync(
                static (context, s) => Send(s, context.CancellationToken),
                context,
                (Operation: operation, Database: Connection.GetDatabase(), State: state)).ConfigureAwait(false);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    /// <summary>The pipeline of the server that serves <paramref name="route"/> (the default one for no key, or when no
    /// server is known for it).</summary>
    private ResiliencePipeline PipelineFor(RedisKey? route)
    {
        if (route is not { } key)
        {
            return _pipeline;
        }

        EndPoint? endPoint;
        try
        {
            endPoint = Connection.GetServer(key).EndPoint;
        }
#pragma warning disable CA1031 // No server known for the key (not connected yet): the default pipeline, whose calls fail closed.
        catch (Exception)
#pragma warning restore CA1031
        {
            return _pipeline;
        }

        return endPoint is null ? _pipeline : _pipelines.GetOrAdd(endPoint, static (_, options) => NewPipeline(options), Options);
    }

    /// <summary>One attempt inside the pipeline: the command's task, given up when <paramref name="token"/> (the
    /// timeout's) fires.</summary>
    private static ValueTask<T> Send<T, TState>((Func<IDatabase, TState, Task<T>> Operation, IDatabase Database, TState State) s, CancellationToken token)
        => new(s.Operation(s.Database, s.State).WaitAsync(token));

    /// <summary>Sends commands whose answer nobody waits for (giving back a reservation): best effort, never throws.</summary>
    internal void FireAndForget(Action<IDatabase> send)
    {
        try
        {
            send(Connection.GetDatabase());
        }
        catch (Exception e) when (IsOutage(e))
        {
            // A reservation that cannot be given back stays counted: stricter, never looser.
        }
    }
}
