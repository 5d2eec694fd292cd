namespace ChinaDial.Compliance.Tests.Evaluation;

/// <summary>A policy that answers whatever the test sets, synchronously or after a delay.</summary>
internal sealed class ScriptedPolicy(string name, Func<CallContext, PolicyResult> answer) : IOutboundCallPolicy
{
    public string Name { get; } = name;

    public int Evaluations { get; private set; }

    public ValueTask<PolicyResult> EvaluateAsync(CallContext context, CancellationToken cancellationToken)
    {
        Evaluations++;
        return new(answer(context));
    }
}

internal sealed class ThrowingPolicy(string name) : IOutboundCallPolicy
{
    public string Name { get; } = name;

    public ValueTask<PolicyResult> EvaluateAsync(CallContext context, CancellationToken cancellationToken)
        => throw new InvalidOperationException("store unreachable");
}

/// <summary>A policy whose answer never comes (until the test completes the source).</summary>
internal sealed class HangingPolicy(string name) : IOutboundCallPolicy
{
    public TaskCompletionSource<PolicyResult> Answer { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string Name { get; } = name;

    public ValueTask<PolicyResult> EvaluateAsync(CallContext context, CancellationToken cancellationToken)
        => new(Answer.Task);
}

/// <summary>A quota of <c>capacity</c> slots with the reserve/commit/release contract, for testing the evaluator.</summary>
internal sealed class CountingQuotaPolicy(string name, int capacity) : IReservingCallPolicy
{
    private readonly object _token = new();

    public string Name { get; } = name;

    public int Reserved { get; private set; }

    public int Committed { get; private set; }

    public int Released { get; private set; }

    public int Completed { get; private set; }

    /// <summary>Slots in use: reserved and not given back.</summary>
    public int InUse => Reserved - Released;

    public bool ThrowOnCommit { get; set; }

    public ValueTask<PolicyResult> EvaluateAsync(CallContext context, CancellationToken cancellationToken)
    {
        if (InUse >= capacity)
        {
            return new(PolicyResult.Defer(ReasonCode.CallerIdRateLimited, context.Instant.AddSeconds(12)));
        }

        Reserved++;
        return new(PolicyResult.Allow(_token, Reserved));
    }

    public void Commit(CallContext context, in PolicyResult reservation)
    {
        if (ThrowOnCommit)
        {
            throw new InvalidOperationException("commit failed");
        }

        Committed++;
    }

    public void Release(CallContext context, in PolicyResult reservation) => Released++;

    public void Complete(CallContext context, in PolicyResult reservation, CallOutcome outcome, DateTimeOffset completedAt) => Completed++;
}

/// <summary>A reserving policy that answers whatever the test sets and holds nothing (its objection comes in the
/// evaluator's second phase, after other reserving policies may have reserved).</summary>
internal sealed class ScriptedReservingPolicy(string name, Func<CallContext, PolicyResult> answer) : IReservingCallPolicy
{
    public string Name { get; } = name;

    public ValueTask<PolicyResult> EvaluateAsync(CallContext context, CancellationToken cancellationToken) => new(answer(context));

    public void Commit(CallContext context, in PolicyResult reservation)
    {
    }

    public void Release(CallContext context, in PolicyResult reservation)
    {
    }

    public void Complete(CallContext context, in PolicyResult reservation, CallOutcome outcome, DateTimeOffset completedAt)
    {
    }
}
