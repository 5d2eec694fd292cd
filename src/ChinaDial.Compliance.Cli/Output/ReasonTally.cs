using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace ChinaDial.Compliance.Cli.Output;

/// <summary>Counts reason codes for the human summary on stderr.</summary>
internal sealed class ReasonTally
{
    private readonly SortedDictionary<ReasonCode, int> _counts = [];

    public void Add(ReasonCodeSet reasons)
    {
        foreach (var code in reasons)
        {
            _counts[code] = _counts.GetValueOrDefault(code) + 1;
        }
    }

    public void WriteTo(TextWriter output, string indent)
    {
        foreach (var (code, count) in _counts.OrderByDescending(p => p.Value))
        {
            output.WriteLine($"{indent}{code.ToJsonName()}: {count}");
        }
    }
}
