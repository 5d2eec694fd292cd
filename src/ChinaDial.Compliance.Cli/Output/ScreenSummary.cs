using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace ChinaDial.Compliance.Cli.Output;

/// <summary>The human summary of a screening run: decisions by verdict and by enforced reason, the objections of
/// policies in Observe mode counted apart, and decisions per caller ID.</summary>
internal sealed class ScreenSummary
{
    private readonly int[] _verdicts = new int[3];
    private readonly ReasonTally _reasons = new();
    private readonly ReasonTally _observed = new();
    private int _observedCalls;
    private readonly Dictionary<string, int[]> _perCallerId = new(System.StringComparer.Ordinal);

    public int Total { get; private set; }

    public bool AllAllowed => _verdicts[(int)CallVerdict.Allow] == Total;

    public void Add(string callerId, CallDecision decision)
    {
        Total++;
        _verdicts[(int)decision.Verdict]++;
        _reasons.Add(decision.Reasons);
        _observed.Add(decision.ObservedReasons);
        _observedCalls += decision.ObservedReasons.IsEmpty ? 0 : 1;
        if (!_perCallerId.TryGetValue(callerId, out var counts))
        {
            _perCallerId[callerId] = counts = new int[3];
        }

        counts[(int)decision.Verdict]++;
    }

    public void WriteTo(TextWriter output, string path)
    {
        output.WriteLine($"screened {Total} call(s) in {path}: {_verdicts[0]} allowed, {_verdicts[2]} denied, {_verdicts[1]} deferred");
        output.WriteLine("by reason (enforced):");
        _reasons.WriteTo(output, "  ");
        output.WriteLine($"observed, not enforced (policies in Observe mode): {_observedCalls} call(s)");
        _observed.WriteTo(output, "  ");
        output.WriteLine("per caller ID (allowed/denied/deferred):");
        foreach (var (callerId, counts) in _perCallerId.OrderByDescending(p => p.Value.Sum()).Take(50))
        {
            output.WriteLine($"  {(callerId.Length == 0 ? "(none)" : callerId)}: {counts[0]}/{counts[2]}/{counts[1]}");
        }
    }
}
