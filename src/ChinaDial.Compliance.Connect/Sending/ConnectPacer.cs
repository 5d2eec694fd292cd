using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.RateLimiting;
using System.Threading.Tasks;

namespace ChinaDial.Compliance.Connect;

/// <summary>
/// Paces requests to Connect: a <see cref="RateLimiter"/> that lets <c>burst</c> requests go at once and then one every
/// <c>1 / requestsPerSecond</c> (GCRA, the token bucket's equivalent), in arrival order, on a <see cref="TimeProvider"/>.
/// Runtime's <see cref="TokenBucketRateLimiter"/> is not used because it reads the machine's clock (Stopwatch) even when
/// replenished by hand, so a fake clock could not drive it. A request is given its slot when it arrives; beyond
/// <c>queueLimit</c> waiting requests, a request is refused at once.
/// </summary>
internal sealed class ConnectPacer : RateLimiter
{
    private static readonly RateLimitLease Acquired = new Lease(true);
    private static readonly RateLimitLease Refused = new Lease(false);
    private readonly TimeProvider _time;
    private readonly TimeSpan _interval;
    private readonly TimeSpan _tolerance;
    private readonly int _queueLimit;
    private readonly Lock _lock = new();
    private DateTimeOffset _theoreticalArrival;
    private int _waiting;
    private long _acquired;
    private long _refused;

    public ConnectPacer(double requestsPerSecond, int burst, int queueLimit, TimeProvider time)
    {
        _time = time;
        _interval = TimeSpan.FromTicks((long)Math.Ceiling(TimeSpan.TicksPerSecond / requestsPerSecond));
        _tolerance = _interval * (burst - 1);
        _queueLimit = queueLimit;
        _theoreticalArrival = DateTimeOffset.MinValue;
    }

    public override TimeSpan? IdleDuration
    {
        get
        {
            lock (_lock)
            {
                var now = _time.GetUtcNow();
                return _waiting == 0 && _theoreticalArrival <= now ? (_theoreticalArrival == DateTimeOffset.MinValue ? TimeSpan.MaxValue : now - _theoreticalArrival) : null;
            }
        }
    }

    public override RateLimiterStatistics? GetStatistics()
    {
        lock (_lock)
        {
            return new RateLimiterStatistics
            {
                CurrentQueuedCount = _waiting,
                TotalSuccessfulLeases = _acquired,
                TotalFailedLeases = _refused,
            };
        }
    }

    protected override RateLimitLease AttemptAcquireCore(int permitCount)
    {
        lock (_lock)
        {
            var now = _time.GetUtcNow();
            var start = Max(_theoreticalArrival, now);
            if (start - _tolerance > now)
            {
                _refused++;
                return Refused;
            }

            _theoreticalArrival = start + _interval * permitCount;
            _acquired++;
            return Acquired;
        }
    }

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        TimeSpan wait;
        lock (_lock)
        {
            var now = _time.GetUtcNow();
            var start = Max(_theoreticalArrival, now);
            wait = start - _tolerance - now;
            if (wait > TimeSpan.Zero && _waiting >= _queueLimit)
            {
                _refused++;
                return Refused;
            }

            // The slot is taken now, in arrival order; a request cancelled while waiting leaves its slot unused.
            _theoreticalArrival = start + _interval * permitCount;
            if (wait <= TimeSpan.Zero)
            {
                _acquired++;
                return Acquired;
            }

            _waiting++;
        }

        try
        {
            await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(false);
            lock (_lock)
            {
                _acquired++;
            }

            return Acquired;
        }
        finally
        {
            lock (_lock)
            {
                _waiting--;
            }
        }
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private sealed class Lease(bool acquired) : RateLimitLease
    {
        public override bool IsAcquired { get; } = acquired;

        public override IEnumerable<string> MetadataNames => [];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = null;
            return false;
        }
    }
}

/// <summary>Waits for a request's turn on a <see cref="RateLimiter"/> (none: no pacing).</summary>
internal static class RateLimiterExtensions
{
    /// <summary>False when the limiter refuses (queue full) or <paramref name="cancellationToken"/> fires first.</summary>
    public static async ValueTask<bool> WaitTurnAsync(this RateLimiter? limiter, CancellationToken cancellationToken)
    {
        if (limiter is null)
        {
            return true;
        }

        try
        {
            using var lease = await limiter.AcquireAsync(1, cancellationToken).ConfigureAwait(false);
            return lease.IsAcquired;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }
}
