using System;
using System.Threading;
using System.Threading.RateLimiting;
using System.Threading.Tasks;

namespace ChinaDial.Compliance;

/// <summary>
/// Makes any <see cref="RateLimiter"/> or <see cref="PartitionedRateLimiter{TResource}"/> of <see cref="OutboundCall"/>
/// a reserving policy: the lease acquired while the call is judged is its reservation.
/// </summary>
/// <remarks>
/// <para>An acquired lease is kept while the call is in progress and disposed when another policy denies the call,
/// when its ticket is completed or cancelled, or at the ticket's expiry (a timer of the <see cref="TimeProvider"/>):
/// a concurrency limiter's permit is therefore held exactly while the call is in progress, while a token bucket's
/// permit is spent either way (disposing its lease returns nothing).</para>
/// <para>A refused lease that carries <see cref="MetadataName.RetryAfter"/> defers the call to the judging instant plus
/// that delay; one without it denies the call. Both with the configured reason code.</para>
/// </remarks>
public sealed class RateLimiterCallPolicy : IReservingCallPolicy
{
    private readonly PartitionedRateLimiter<OutboundCall>? _partitioned;
    private readonly RateLimiter? _limiter;
    private readonly ReasonCode _reason;
    private readonly TimeProvider _timeProvider;

    /// <summary>A policy over one limiter shared by every call.</summary>
    /// <param name="name">The policy's unique name.</param>
    /// <param name="limiter">The limiter; the caller owns and disposes it.</param>
    /// <param name="reason">The reason code of a refusal (e.g. <see cref="ReasonCode.CallerIdRateLimited"/>).</param>
    /// <param name="timeProvider">The clock for lease expiry; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    public RateLimiterCallPolicy(string name, RateLimiter limiter, ReasonCode reason, TimeProvider? timeProvider)
        : this(name, reason, timeProvider)
    {
        ArgumentNullException.ThrowIfNull(limiter);
        _limiter = limiter;
    }

    /// <summary>A policy over a limiter partitioned by call (e.g. by caller ID or tenant).</summary>
    /// <param name="name">The policy's unique name.</param>
    /// <param name="limiter">The limiter; the caller owns and disposes it.</param>
    /// <param name="reason">The reason code of a refusal.</param>
    /// <param name="timeProvider">The clock for lease expiry; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    public RateLimiterCallPolicy(string name, PartitionedRateLimiter<OutboundCall> limiter, ReasonCode reason, TimeProvider? timeProvider)
        : this(name, reason, timeProvider)
    {
        ArgumentNullException.ThrowIfNull(limiter);
        _partitioned = limiter;
    }

    private RateLimiterCallPolicy(string name, ReasonCode reason, TimeProvider? timeProvider)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (reason == ReasonCode.None)
        {
            throw new ArgumentException("A refusal needs a reason code.", nameof(reason));
        }

        Name = name;
        _reason = reason;
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <inheritdoc/>
    public string Name { get; }

    /// <inheritdoc/>
    public ValueTask<PolicyResult> EvaluateAsync(CallContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var lease = _partitioned is not null ? _partitioned.AttemptAcquire(context.Call) : _limiter!.AttemptAcquire();
        if (lease.IsAcquired)
        {
            return new(PolicyResult.Allow(new Reservation(lease), 0));
        }

        var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var delay) ? delay : (TimeSpan?)null;
        lease.Dispose();
        return new(retryAfter is { } wait
            ? PolicyResult.Defer(_reason, context.Instant + wait)
            : PolicyResult.Deny(_reason));
    }

    /// <inheritdoc/>
    public void Commit(CallContext context, in PolicyResult reservation)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (reservation.Reservation is Reservation held)
        {
            var due = context.TicketExpiresAt - _timeProvider.GetUtcNow();
            held.ExpireAfter(_timeProvider, due > TimeSpan.Zero ? due : TimeSpan.Zero);
        }
    }

    /// <inheritdoc/>
    public void Release(CallContext context, in PolicyResult reservation) => (reservation.Reservation as Reservation)?.Dispose();

    /// <inheritdoc/>
    public void Complete(CallContext context, in PolicyResult reservation, CallOutcome outcome, DateTimeOffset completedAt)
        => (reservation.Reservation as Reservation)?.Dispose();

    private sealed class Reservation(RateLimitLease lease) : IDisposable
    {
        private ITimer? _timer;
        private int _disposed;

        public void ExpireAfter(TimeProvider timeProvider, TimeSpan due)
        {
            var timer = timeProvider.CreateTimer(static state => ((Reservation)state!).Dispose(), this, due, Timeout.InfiniteTimeSpan);
            if (Interlocked.CompareExchange(ref _timer, timer, null) is not null || Volatile.Read(ref _disposed) != 0)
            {
                timer.Dispose();
            }
        }

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                lease.Dispose();
                Volatile.Read(ref _timer)?.Dispose();
            }
        }
    }
}
