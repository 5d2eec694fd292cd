using System;

namespace ChinaDial.Compliance;

/// <summary>The caller ID chosen for a call, or why none was.</summary>
/// <param name="CallerId">The chosen caller ID; unparsed (<see cref="PhoneNumberInfo.IsParsed"/> false) when no
/// caller ID of the pool may call this destination for this purpose.</param>
/// <param name="NotBefore">When the chosen caller ID qualifies (rate budget, a free place and, with pacing, headroom):
/// the selection instant when it does now, else the earliest instant any eligible caller ID will.</param>
/// <param name="ConnectInstanceId">The Amazon Connect instance that claims the chosen caller ID
/// (<see cref="CallerIdOptions.ConnectInstances"/>); <see langword="null"/> when none is configured.</param>
public readonly record struct CallerIdSelection(PhoneNumberInfo CallerId, DateTimeOffset NotBefore, string? ConnectInstanceId = null)
{
    /// <summary>Whether a caller ID was chosen.</summary>
    public bool Found => CallerId.IsParsed;

    /// <summary>Whether <see cref="NotBefore"/> is later than the selection instant because of caller-ID pacing: the
    /// caller ID would have rate budget and a free place sooner, but a call now would take it (or the callee) to a carrier
    /// flagging signal's warning level.</summary>
    public bool Paced { get; init; }
}
