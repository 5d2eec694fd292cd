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
    /// <summary>Replays <paramref name="path"/>, already checked by <see cref="CallsFile.IsInTimeOrder"/>: each row
    /// through <paramref name="replay"/>, in time order.</summary>
    /// <param name="path">The calls file.</param>
    /// <param name="inTimeOrder">What <see cref="CallsFile.IsInTimeOrder"/> said of it.</param>
    /// <param name="replay">Decides a row (<see cref="CallReplay.Replay"/>).</param>
    /// <param name="onDecision">Called with each decision, in input order.</param>
    /// <param name="onReplayed">Called right after each call was replayed, in time order (to look at the policies' state then).</param>
    /// <exception cref="ReplayFailedException"><paramref name="replay"/> threw for a row.</exception>
    public static void Replay(string path, bool inTimeOrder, Func<CallRow, CallDecision> replay, Action<CallRow, CallDecision> onDecision, Action<CallRow>? onReplayed = null)
    {
        if (inTimeOrder)
        {
            foreach (var row in CallsFile.Read(path))
            {
                var decision = ReplayRow(path, replay, row);
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
                decisions[row.Index] = ReplayRow(path, replay, row);
                onReplayed?.Invoke(row);
            }

            foreach (var row in rows)
            {
                onDecision(row, decisions[row.Index]);
            }
        }
    }

    private static CallDecision ReplayRow(string path, Func<CallRow, CallDecision> replay, CallRow row)
    {
        try
        {
            return replay(row);
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            throw new ReplayFailedException(path, row.Line, error);
        }
    }
}
