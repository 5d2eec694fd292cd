using Microsoft.Extensions.Time.Testing;

namespace ChinaDial.Compliance.Tests.Samples;

/// <summary>A virtual clock for a worker that waits only through its <see cref="TimeProvider"/>: every timer created
/// moves the <see cref="FakeTimeProvider"/> forward to its due time, so a one-minute wait takes no real time and the
/// run is the same on every machine.</summary>
internal sealed class JumpingClock(FakeTimeProvider fake) : TimeProvider
{
    public FakeTimeProvider Fake => fake;

    public override DateTimeOffset GetUtcNow() => fake.GetUtcNow();

    public override long GetTimestamp() => fake.GetTimestamp();

    public override long TimestampFrequency => fake.TimestampFrequency;

    public override TimeZoneInfo LocalTimeZone => fake.LocalTimeZone;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = fake.CreateTimer(callback, state, dueTime, period);
        if (dueTime > TimeSpan.Zero && dueTime != Timeout.InfiniteTimeSpan)
        {
            // Not inside CreateTimer: the caller has not stored its timer yet.
            ThreadPool.QueueUserWorkItem(_ => fake.Advance(dueTime));
        }

        return timer;
    }
}
