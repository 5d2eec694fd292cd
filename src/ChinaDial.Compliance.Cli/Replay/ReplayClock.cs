using System;

namespace ChinaDial.Compliance.Cli.Replay;

/// <summary>A virtual clock the replay moves forward to each call's <c>at</c> instant. It starts at the earliest
/// instant there is, so the first call is judged at its own instant however early (1900 is 1900, not 1970).</summary>
internal sealed class ReplayClock : TimeProvider
{
    private DateTimeOffset _now = DateTimeOffset.MinValue;

    public override DateTimeOffset GetUtcNow() => _now;

    public void MoveTo(DateTimeOffset instant)
    {
        if (instant > _now)
        {
            _now = instant.ToUniversalTime();
        }
    }
}
