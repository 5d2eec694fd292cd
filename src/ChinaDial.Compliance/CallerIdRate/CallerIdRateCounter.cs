using System;

namespace ChinaDial.Compliance;

/// <summary>
/// The caller-ID rate rule on its own: at most <see cref="CallerIdRateOptions.Limit"/> admitted calls per caller ID in
/// any sliding <see cref="CallerIdRateOptions.Window"/>, counted in process by the same lock-free, allocation-free table
/// as the evaluator's built-in <c>caller-id-rate</c> policy. For admitting calls outside the evaluator, e.g. as a
/// <c>PartitionedRateLimiter</c> (the Extensions package's <c>CallerIdPartitionedRateLimiter</c> is built on it).
/// </summary>
/// <remarks>Each instance keeps its own count: it shares no state with an evaluator, so admitting a call here neither
/// uses nor frees any of an evaluator's budget. A caller ID that is not parsed is never admitted.</remarks>
public sealed class CallerIdRateCounter : ICallerIdRateBudget
{
    private readonly CallerIdRatePolicy _policy;

    /// <summary>Creates an empty counter.</summary>
    /// <param name="options">The limit, window and algorithm (<see cref="CallerIdRateOptions.Enabled"/> is not read).</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The options are invalid (every error named).</exception>
    public CallerIdRateCounter(CallerIdRateOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _policy = new CallerIdRatePolicy(options);
    }

    /// <summary>
    /// Admits one call from <paramref name="callerId"/> at <paramref name="at"/> and counts it, when its window has
    /// room; otherwise counts nothing. A counted call is never given back: a placed call counts against the rate.
    /// </summary>
    /// <param name="callerId">The caller ID.</param>
    /// <param name="at">The instant of the call.</param>
    /// <param name="retryAt">When refused: the first instant the same call would be admitted if nothing else arrives
    /// (<see cref="DateTimeOffset.MaxValue"/> for a caller ID that is not parsed); when admitted,
    /// <paramref name="at"/>.</param>
    /// <returns>Whether the call was admitted and counted.</returns>
    public bool TryAcquire(PhoneNumberInfo callerId, DateTimeOffset at, out DateTimeOffset retryAt)
    {
        if (!callerId.IsParsed)
        {
            retryAt = DateTimeOffset.MaxValue;
            return false;
        }

        if (_policy.TryAcquire(callerId.Key, at.UtcTicks, out var ticks))
        {
            retryAt = at;
            return true;
        }

        retryAt = Instants.FromUtcTicks(ticks);
        return false;
    }

    /// <inheritdoc />
    /// <remarks>Counts nothing. <see cref="DateTimeOffset.MaxValue"/> for a caller ID that is not parsed.</remarks>
    public DateTimeOffset NextAdmission(PhoneNumberInfo callerId, DateTimeOffset at)
        => callerId.IsParsed ? _policy.NextAdmission(callerId, at) : DateTimeOffset.MaxValue;
}
