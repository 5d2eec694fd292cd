namespace ChinaDial.Compliance.Redis.Tests;

/// <summary>Wraps a Redis-backed limit in an evaluator and keeps the server instant (µs) of every call it admitted.</summary>
internal sealed class RecordingPolicy(IReservingCallPolicy inner) : IReservingCallPolicy
{
    private readonly List<long> _admitted = [];
    private readonly List<(ulong CallerId, long Instant)> _committed = [];

    public string Name => inner.Name;

    public IReadOnlyList<long> Admitted
    {
        get
        {
            lock (_admitted)
            {
                return [.. _admitted];
            }
        }
    }

    public async ValueTask<PolicyResult> EvaluateAsync(CallContext context, CancellationToken cancellationToken)
    {
        var result = await inner.EvaluateAsync(context, cancellationToken);
        if (result.Verdict == CallVerdict.Allow && result.HasReservation)
        {
            lock (_admitted)
            {
                _admitted.Add(result.ReservationValue);
            }
        }

        return result;
    }

    /// <summary>The caller ID and server instant (µs) of every call committed: allowed by the whole evaluator.</summary>
    public IReadOnlyList<(ulong CallerId, long Instant)> Committed
    {
        get
        {
            lock (_committed)
            {
                return [.. _committed];
            }
        }
    }

    public void Commit(CallContext context, in PolicyResult reservation)
    {
        lock (_committed)
        {
            _committed.Add((context.CallerId.Key, reservation.ReservationValue));
        }

        inner.Commit(context, reservation);
    }

    public void Release(CallContext context, in PolicyResult reservation) => inner.Release(context, reservation);

    public void Complete(CallContext context, in PolicyResult reservation, CallOutcome outcome, DateTimeOffset completedAt) => inner.Complete(context, reservation, outcome, completedAt);
}
