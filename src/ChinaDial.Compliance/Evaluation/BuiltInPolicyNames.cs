namespace ChinaDial.Compliance;

/// <summary>The names of the built-in policies, as used in <see cref="OutboundCallEvaluatorOptions.PolicyModes"/>, audit and metrics.</summary>
public static class BuiltInPolicyNames
{
    /// <summary>The destination policy: validity, special services, allowed countries and denied prefixes.</summary>
    public const string Destination = "destination";

    /// <summary>The caller-ID policy: approved inventory and prohibited caller-ID types.</summary>
    public const string CallerId = "caller-id";

    /// <summary>The caller-ID health policy: quarantined caller IDs.</summary>
    public const string CallerIdHealth = "caller-id-health";
}
