namespace ChinaDial.Compliance;

/// <summary>What the click-to-dial guard decided.</summary>
public enum ClickToDialOutcome
{
    /// <summary>A callback is to be placed; its pending slot is held until <see cref="ClickToDialGuard.CompleteCallbackAsync"/> or it lapses.</summary>
    Accepted = 0,

    /// <summary>Suspected fraud or a duplicate: answer exactly as for <see cref="Accepted"/>, but never place the call.</summary>
    ShadowAccepted = 1,

    /// <summary>Offer another channel (<see cref="ClickToDialResult.Channel"/>) instead of a call: unauthenticated, anonymous
    /// or foreign requests, and (with <c>policy_error</c>) any request while the pending-callback store fails.</summary>
    Deflected = 2,

    /// <summary>Malformed input (<see cref="ClickToDialResult.Reasons"/>).</summary>
    Rejected = 3,
}
