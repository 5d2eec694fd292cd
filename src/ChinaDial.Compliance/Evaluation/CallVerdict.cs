namespace ChinaDial.Compliance;

/// <summary>What the dialer may do with a call.</summary>
public enum CallVerdict
{
    /// <summary>Place the call now, then complete (or cancel) its ticket.</summary>
    Allow = 0,

    /// <summary>Do not place the call now; the same call may pass at <see cref="CallDecision.NotBefore"/>.</summary>
    Defer = 1,

    /// <summary>Do not place the call.</summary>
    Deny = 2,
}
