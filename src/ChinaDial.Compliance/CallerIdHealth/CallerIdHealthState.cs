namespace ChinaDial.Compliance;

/// <summary>How a caller ID stands with the health monitor.</summary>
public enum CallerIdHealthState
{
    /// <summary>No signal at its warning level (or too few calls to judge).</summary>
    Healthy = 0,

    /// <summary>At least one signal at its warning level.</summary>
    Warning = 1,

    /// <summary>Taken out of rotation until the cool-down ends (<c>caller_id_quarantined</c>).</summary>
    Quarantined = 2,
}
