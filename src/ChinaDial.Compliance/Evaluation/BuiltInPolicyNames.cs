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

    /// <summary>The caller-ID rate policy: at most <c>Limit</c> calls per caller ID in any sliding <c>Window</c>.</summary>
    public const string CallerIdRate = "caller-id-rate";

    /// <summary>The destination frequency policy: attempt caps per callee and per caller-ID/callee pair.</summary>
    public const string DestinationFrequency = "destination-frequency";

    /// <summary>The concurrency policy: calls in progress per caller ID.</summary>
    public const string Concurrency = "concurrency";

    /// <summary>The consent policy: opt-outs and consent on record.</summary>
    public const string Consent = "consent";

    /// <summary>The calling-hours policy: the callee's local time and restricted dates.</summary>
    public const string CallingHours = "calling-hours";

    /// <summary>The caller-ID pacing policy: every caller ID under the warning levels of the carrier flagging signals,
    /// and callees hearing few caller IDs a day.</summary>
    public const string CallerIdPacing = "caller-id-pacing";

    /// <summary>The refuse-list policy: callees on a refuse-call or do-not-call list of the call's purpose.</summary>
    public const string RefuseList = "refuse-list";

    /// <summary>The call-back verification policy (with <c>CallerIds:RequireCallbackVerification</c>): caller IDs whose
    /// call-back was verified recently enough, against the Connect configuration in force.</summary>
    public const string CallbackVerification = "callback-verification";

    /// <summary>Whether <paramref name="name"/> is the name of a built-in policy (case-insensitive, as in
    /// <see cref="OutboundCallEvaluatorOptions.PolicyModes"/>).</summary>
    internal static bool IsBuiltIn(string name)
        => name.ToLowerInvariant() is Destination or CallerId or CallerIdHealth or CallerIdRate or DestinationFrequency or Concurrency or Consent or CallingHours or CallerIdPacing or RefuseList or CallbackVerification;
}
