using System;
using System.Threading;
using System.Threading.RateLimiting;
using System.Threading.Tasks;

namespace ChinaDial.Compliance.Connect;

/// <summary>
/// Paces requests to Connect with a <see cref="TokenBucketRateLimiter"/> (<see cref="GuardedConnectSenderOptions.RequestsPerSecond"/>,
/// <see cref="GuardedConnectSenderOptions.Burst"/>), replenished by a <see cref="TimeProvider"/> timer so that a fake clock drives it.
/// </summary>
internal sealed class ConnectPacer : IDisposable
{
    private readonly TokenBucketRateLimiter? _limiter;
    private readonly ITimer? _timer;

    public ConnectPacer(double requestsPerSecond, int burst, int queueLimit, TimeProvider timeProvider)
    {
        if (requestsPerSecond <= 0)
        {
            return;
        }

        // At most 100 replenishments a second: above 100 requests per second several tokens come per period.
        var tokensPerPeriod = (int)Math.Ceiling(requestsPerSecond / 100);
        var period = TimeSpan.FromSeconds(tokensPerPeriod / requestsPerSecond);
        _limiter = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = burst,
            TokensPerPeriod = tokensPerPeriod,
            ReplenishmentPeriod = period,
            AutoReplenishment = false,
            QueueLimit = queueLimit,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });
        _timer = timeProvider.CreateTimer(static state => ((TokenBucketRateLimiter)state!).TryReplenish(), _limiter, period, period);
    }

    /// <summary>Waits for a request's turn; false when the queue is full or <paramref name="cancellationToken"/> fires first.</summary>
    public async ValueTask<bool> WaitAsync(CancellationToken cancellationToken)
    {
        if (_limiter is null)
        {
            return true;
        }

        try
        {
            using var lease = await _limiter.AcquireAsync(1, cancellationToken).ConfigureAwait(false);
            return lease.IsAcquired;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    public void Dispose()
    {
        _timer?.Dispose();
        _limiter?.Dispose();
    }
}
