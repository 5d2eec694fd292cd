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
    /// <param name="path">The calls file.</param>
    /// <param name="replay">The replay.</param>
    /// <param name="onDecision">Called with each decision, in input order.</param>
    /// <param name="onReplayed">Called right after each call was replayed, in time order (to look at the policies' state then).</param>
    public static void Run(string path, CallReplay replay, Action<CallRow, CallDecision> onDecision, Action<CallRow>? onReplayed = null)
    {
        if (CallsFile.IsInTimeOrder(path))
        {
            foreach (var row in CallsFile.Read(path))
            {
                var decision = replay.Replay(row);
                onReplayed?.Invoke(row);
                onDecision(row, decision);
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
                onReplayed?.Invoke(row);
            }

            foreach (var row in rows)
            {
                onDecision(row, decisions[row.Index]);
            }
        }

        replay.Finish();
    }
}
