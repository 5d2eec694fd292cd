using System.IO;
using System.Linq;

namespace ChinaDial.Compliance.Cli.Output;

/// <summary>Counts reason codes for the human summary on stderr (one counter per code: a set holds at most 32).</summary>
internal sealed class ReasonTally
{
    private readonly int[] _counts = new int[32];

    public void Add(ReasonCodeSet reasons)
    {
        foreach (var code in reasons)
        {
            _counts[(int)code]++;
        }
    }

    public void WriteTo(TextWriter output, string indent)
    {
        // Most frequent first; ties in code order.
        foreach (var code in Enumerable.Range(0, _counts.Length).Where(c => _counts[c] > 0).OrderByDescending(c => _counts[c]))
        {
            output.WriteLine($"{indent}{((ReasonCode)code).ToJsonName()}: {_counts[code]}");
        }
    }
}
