using System;

namespace ChinaDial.Compliance.Cli.Replay;

/// <summary>A virtual clock the replay moves forward to each call's <c>at</c> instant.</summary>
internal sealed class ReplayClock : TimeProvider
{
    private DateTimeOffset _now = DateTimeOffset.UnixEpoch;

    public override DateTimeOffset GetUtcNow() => _now;

    public void MoveTo(DateTimeOffset instant)
    {
        if (instant > _now)
        {
            _now = instant.ToUniversalTime();
        }
    }
}
