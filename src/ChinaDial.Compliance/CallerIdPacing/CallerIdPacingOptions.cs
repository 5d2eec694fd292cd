using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;

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

    /// <summary>Checks the section on its own, by the convention of every options class. <see cref="Enabled"/> admits
    /// every value, so nothing is reported here; what pacing asks of the <see cref="CallerIdHealthOptions"/> warning
    /// levels is a rule across sections, checked by <see cref="ChinaDialComplianceOptions.Validate()"/>.</summary>
    [SuppressMessage("Performance", "CA1822:Mark members as static", Justification = "One validation convention: every options class validates itself as an instance.")]
    internal void Validate(ICollection<string> errors, string path)
    {
        // Nothing of its own to check: see the summary.
    }
}
