namespace ChinaDial.Compliance;

/// <summary>Why a placed call ended.</summary>
public enum CallEndReason
{
    /// <summary>The call connected and ended normally.</summary>
    Completed = 0,

    /// <summary>Nobody answered.</summary>
    NoAnswer = 1,

    /// <summary>The line was busy.</summary>
    Busy = 2,

    /// <summary>The callee or the network rejected the call.</summary>
    Rejected = 3,

    /// <summary>The call failed for a technical reason.</summary>
    Failed = 4,
}
