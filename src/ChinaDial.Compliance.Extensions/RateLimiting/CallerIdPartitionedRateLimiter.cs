using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.RateLimiting;
using System.Threading.Tasks;

namespace ChinaDial.Compliance;

/// <summary>
/// The caller-ID rate limiter (at most <see cref="CallerIdRateOptions.Limit"/> calls per caller ID in any sliding
/// <see cref="CallerIdRateOptions.Window"/>) as a <see cref="PartitionedRateLimiter{TResource}"/> of
/// <see cref="OutboundCall"/>, partitioned by caller ID, for ASP.NET Core rate limiting or Polly's rate limiter
/// strategy.
/// </summary>
/// <remarks>
/// <para>Permits are calls: a lease holds one permit (or zero, to ask without acquiring). Disposing a lease does not
/// give the permit back (a placed call counts against the rate), as with the BCL's token bucket. There is no queue:
/// <see cref="RateLimiter.AcquireAsync"/> answers at once. A failed lease carries
/// <see cref="MetadataName.RetryAfter"/>: the exact wait until the same call would be admitted.</para>
/// <para>Permits are acquired now, as of the <see cref="TimeProvider"/>, never for a later instant: a call whose
/// <see cref="OutboundCall.RequestedAt"/> lies ahead of the clock gets a failed lease whose
/// <see cref="MetadataName.RetryAfter"/> is the time until then (ask again at that instant), and reserves nothing. A
/// caller ID that cannot be parsed gets a failed lease without metadata.</para>
/// </remarks>
public sealed class CallerIdPartitionedRateLimiter : PartitionedRateLimiter<OutboundCall>
{
    private static readonly RateLimitLease Acquired = new Lease(true, null);
    private static readonly RateLimitLease Refused = new Lease(false, null);

    private readonly CallerIdRateCounter _counter;
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates the limiter.</summary>
    /// <param name="options">The limit, window and algorithm.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public CallerIdPartitionedRateLimiter(CallerIdRateOptions options, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _counter = new CallerIdRateCounter(options);
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <inheritdoc/>
    /// <remarks>Not tracked (counting would add a shared write to every decision): always <see langword="null"/>.</remarks>
    public override RateLimiterStatistics? GetStatistics(OutboundCall resource) => null;

    /// <inheritdoc/>
    protected override RateLimitLease AttemptAcquireCore(OutboundCall resource, int permitCount)
    {
        ArgumentNullException.ThrowIfNull(resource);
        ArgumentOutOfRangeException.ThrowIfNegative(permitCount);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(permitCount, 1);
        var callerId = PhoneNumberClassifier.Classify(resource.CallerId);
        if (!callerId.IsParsed)
        {
            return Refused;
        }

        var now = _timeProvider.GetUtcNow();
        if (resource.RequestedAt is { } requested && requested > now)
        {
            return new Lease(false, requested - now); // not yet: nothing is reserved for a later instant
        }

        DateTimeOffset retryAt;
        if (permitCount == 0)
        {
            retryAt = _counter.NextAdmission(callerId, now);
            if (retryAt <= now)
            {
                return Acquired;
            }
        }
        else if (_counter.TryAcquire(callerId, now, out retryAt))
        {
            return Acquired;
        }

        return new Lease(false, retryAt - now);
    }

    /// <inheritdoc/>
    protected override ValueTask<RateLimitLease> AcquireAsyncCore(OutboundCall resource, int permitCount, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return new(AttemptAcquireCore(resource, permitCount));
    }

    private sealed class Lease(bool isAcquired, TimeSpan? retryAfter) : RateLimitLease
    {
        private static readonly string[] RetryAfterOnly = [MetadataName.RetryAfter.Name];

        public override bool IsAcquired => isAcquired;

        public override IEnumerable<string> MetadataNames => retryAfter is null ? [] : RetryAfterOnly;

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            if (retryAfter is { } value && metadataName == MetadataName.RetryAfter.Name)
            {
                metadata = value;
                return true;
            }

            metadata = null;
            return false;
        }
    }
}
