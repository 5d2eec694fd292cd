namespace ChinaDial.Compliance;

/// <summary>What the consent store knows about calling one number for one purpose at one instant.</summary>
public enum ConsentStatus
{
    /// <summary>No active consent on record (none given, or revoked). For a purpose that needs consent this is a refusal.</summary>
    None = 0,

    /// <summary>An active consent is on record.</summary>
    Granted = 1,

    /// <summary>The callee opted out of this purpose or of all calls: it wins over any consent.</summary>
    OptedOut = 2,
}
