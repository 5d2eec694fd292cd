using System;
using System.Collections.Generic;

namespace ChinaDial.Compliance.NumberPlanGenerator;

/// <summary>
/// A Thompson NFA over the digits 0-9, built from the regular expressions libphonenumber's metadata uses:
/// digits, classes (<c>[2-79]</c>), groups (<c>(?:…)</c>, <c>(…)</c>), alternation, <c>?</c>, <c>{n}</c>, <c>{n,m}</c>,
/// plus <c>*</c> for the prefix patterns this generator builds. Every accepting state carries a pattern id.
/// </summary>
internal sealed class DigitNfa
{
    public List<int[]> Epsilon { get; } = [];

    /// <summary>Per state: the digits it moves on (bit mask) and where to.</summary>
    public List<(int Mask, int Target)> Moves { get; } = [];

    /// <summary>Per state: the pattern it accepts for, or -1.</summary>
    public List<int> Accepts { get; } = [];

    private readonly List<List<int>> _epsilonBuild = [];

    public int NewState()
    {
        _epsilonBuild.Add([]);
        Moves.Add((0, -1));
        Accepts.Add(-1);
        return Moves.Count - 1;
    }

    /// <summary>Adds <paramref name="pattern"/> (anchored at both ends); returns its start state.</summary>
    public int Add(string pattern, int patternId)
    {
        var position = 0;
        var (start, end) = ParseAlternation(pattern, ref position);
        if (position != pattern.Length)
        {
            throw new FormatException($"Unexpected '{pattern[position]}' at {position} in {pattern}");
        }

        Accepts[end] = patternId;
        return start;
    }

    public void Freeze()
    {
        Epsilon.Clear();
        foreach (var list in _epsilonBuild)
        {
            Epsilon.Add([.. list]);
        }
    }

    public void AddEpsilon(int from, int to) => _epsilonBuild[from].Add(to);

    private (int Start, int End) ParseAlternation(string p, ref int i)
    {
        var branches = new List<(int, int)> { ParseSequence(p, ref i) };
        while (i < p.Length && p[i] == '|')
        {
            i++;
            branches.Add(ParseSequence(p, ref i));
        }

        if (branches.Count == 1)
        {
            return branches[0];
        }

        var start = NewState();
        var end = NewState();
        foreach (var (s, e) in branches)
        {
            AddEpsilon(start, s);
            AddEpsilon(e, end);
        }

        return (start, end);
    }

    private (int Start, int End) ParseSequence(string p, ref int i)
    {
        var start = NewState();
        var end = start;
        while (i < p.Length && p[i] != '|' && p[i] != ')')
        {
            var atomStart = i;
            var (s, e) = ParseAtom(p, ref i);
            var atomEnd = i;
            if (i < p.Length && (p[i] is '?' or '*' or '{'))
            {
                var (min, max) = ParseQuantifier(p, ref i);
                (s, e) = Repeat(p[atomStart..atomEnd], s, e, min, max);
            }

            AddEpsilon(end, s);
            end = e;
        }

        return (start, end);
    }

    private (int Start, int End) Repeat(string atom, int s, int e, int min, int max)
    {
        // Copies of the atom: the first is the one already built.
        var start = NewState();
        var current = start;
        var copies = new List<(int, int)>();
        var needed = max < 0 ? Math.Max(min, 1) : max;
        for (var k = 0; k < needed; k++)
        {
            if (k == 0)
            {
                copies.Add((s, e));
            }
            else
            {
                var j = 0;
                copies.Add(ParseAtom(atom, ref j));
            }
        }

        var end = NewState();
        for (var k = 0; k < needed; k++)
        {
            var (cs, ce) = copies[k];
            AddEpsilon(current, cs);
            if (k >= min)
            {
                AddEpsilon(current, end);
            }

            current = ce;
        }

        AddEpsilon(current, end);
        if (max < 0)
        {
            var (ls, le) = copies[needed - 1];
            AddEpsilon(le, ls);
            if (min == 0)
            {
                AddEpsilon(start, end);
            }
        }

        return (start, end);
    }

    private static (int Min, int Max) ParseQuantifier(string p, ref int i)
    {
        switch (p[i])
        {
            case '?':
                i++;
                return (0, 1);
            case '*':
                i++;
                return (0, -1);
            default:
                var close = p.IndexOf('}', i);
                var body = p[(i + 1)..close];
                i = close + 1;
                var comma = body.IndexOf(',', StringComparison.Ordinal);
                if (comma < 0)
                {
                    var n = int.Parse(body, System.Globalization.CultureInfo.InvariantCulture);
                    return (n, n);
                }

                var min = int.Parse(body[..comma], System.Globalization.CultureInfo.InvariantCulture);
                var max = comma == body.Length - 1 ? -1 : int.Parse(body[(comma + 1)..], System.Globalization.CultureInfo.InvariantCulture);
                return (min, max);
        }
    }

    private (int Start, int End) ParseAtom(string p, ref int i)
    {
        var c = p[i];
        if (c == '(')
        {
            i++;
            if (i + 1 < p.Length && p[i] == '?' && p[i + 1] == ':')
            {
                i += 2;
            }

            var inner = ParseAlternation(p, ref i);
            if (i >= p.Length || p[i] != ')')
            {
                throw new FormatException($"Unclosed group in {p}");
            }

            i++;
            return inner;
        }

        int mask;
        if (c == '[')
        {
            mask = 0;
            i++;
            while (p[i] != ']')
            {
                var from = p[i] - '0';
                if (p[i + 1] == '-')
                {
                    var to = p[i + 2] - '0';
                    for (var d = from; d <= to; d++)
                    {
                        mask |= 1 << d;
                    }

                    i += 3;
                }
                else
                {
                    mask |= 1 << from;
                    i++;
                }
            }

            i++;
        }
        else if (c == '\\' && p[i + 1] == 'd')
        {
            mask = 0x3FF;
            i += 2;
        }
        else if (c is >= '0' and <= '9')
        {
            mask = 1 << (c - '0');
            i++;
        }
        else
        {
            throw new FormatException($"Unsupported '{c}' at {i} in {p}");
        }

        var start = NewState();
        var end = NewState();
        Moves[start] = (mask, end);
        return (start, end);
    }
}
