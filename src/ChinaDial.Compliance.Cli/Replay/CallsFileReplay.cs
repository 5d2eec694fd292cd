using System;
using System.Collections.Generic;
using ChinaDial.Compliance.Cli.Input;

namespace ChinaDial.Compliance.Cli.Replay;

/// <summary>
/// Replays a calls file in <c>at</c> order and hands each decision over in input order. The file is read once first
/// (every field checked, nothing decoded: <see cref="CallsFile.IsInTimeOrder"/>), so no decision is handed over when a
/// row cannot be read; a file already in time order is then streamed, in memory that grows only with the policies'
/// state, another is sorted in memory.
/// </summary>
internal static class CallsFileReplay
{
    public static void Run(string path, CallReplay replay, Action<CallRow, CallDecision> onDecision)
    {
        if (CallsFile.IsInTimeOrder(path))
        {
            foreach (var row in CallsFile.Read(path))
            {
                onDecision(row, replay.Replay(row));
            }
        }
        else
        {
            var rows = new List<CallRow>(CallsFile.Read(path));
            var byTime = rows.ToArray();
            Array.Sort(byTime, static (a, b) => a.At != b.At ? a.At.CompareTo(b.At) : a.Index.CompareTo(b.Index));
            var decisions = new CallDecision[rows.Count];
            foreach (var row in byTime)
            {
                decisions[row.Index] = replay.Replay(row);
            }

            foreach (var row in rows)
            {
                onDecision(row, decisions[row.Index]);
            }
        }

        replay.Finish();
    }
}
