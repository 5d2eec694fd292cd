namespace ChinaDial.Compliance;

/// <summary>Whether a policy's objections block calls.</summary>
public enum PolicyMode
{
    /// <summary>Objections deny or defer the call (the default).</summary>
    Enforce = 0,

    /// <summary>Objections are reported in <see cref="CallDecision.ObservedReasons"/> and counted, but do not block.
    /// Use it to roll out a new policy or threshold safely.</summary>
    Observe = 1,
}
