namespace ChinaDial.Compliance;

/// <summary>
/// Caller-ID pacing: every call is kept under the warning level of each carrier flagging signal the health monitor
/// watches that a dialer can steer — distinct callees per hour, repeated calls, volume against the fleet and the number
/// of caller IDs a callee hears in a day — instead of being flagged after the fact. Bound from the
/// <c>ChinaDialCompliance:CallerIdPacing</c> configuration section. The levels are those of
/// <see cref="CallerIdHealthOptions"/>: pacing has none of its own.
/// </summary>
public sealed class CallerIdPacingOptions
{
    /// <summary>
    /// Whether pacing runs: the <c>caller-id-pacing</c> policy (deferrals <c>caller_id_pacing</c> and
    /// <c>callee_exposure_limited</c>, put it in <c>Observe</c> mode to watch first) and pacing in
    /// <see cref="CallerIdSelector"/>. Default: <see langword="true"/> (a call that would take a caller ID to a carrier's
    /// warning level waits instead).
    /// </summary>
    public bool Enabled { get; set; } = true;
}
