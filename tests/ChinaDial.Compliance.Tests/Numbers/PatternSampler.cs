using System.Text;

namespace ChinaDial.Compliance.Tests.Numbers;

/// <summary>
/// Draws random digit strings that match one of libphonenumber's national-number patterns (digits, classes, groups,
/// alternation, <c>?</c>, <c>{n}</c>, <c>{n,m}</c>), to explore a number space far beyond the example numbers.
/// </summary>
internal static class PatternSampler
{
    public static string Sample(string pattern, Random random)
    {
        var text = new StringBuilder();
        var i = 0;
        Alternation(pattern, ref i, random, text, emit: true);
        return text.ToString();
    }

    private static void Alternation(string p, ref int i, Random random, StringBuilder text, bool emit)
    {
        var branches = new List<int> { i };
        var depth = 0;
        for (var j = i; j < p.Length; j++)
        {
            if (p[j] == '(')
            {
                depth++;
            }
            else if (p[j] == ')')
            {
                if (depth == 0)
                {
                    break;
                }

                depth--;
            }
            else if (p[j] == '[')
            {
                j = p.IndexOf(']', j);
            }
            else if (p[j] == '|' && depth == 0)
            {
                branches.Add(j + 1);
            }
        }

        var chosen = emit ? random.Next(branches.Count) : -1;
        for (var b = 0; b < branches.Count; b++)
        {
            i = branches[b];
            Sequence(p, ref i, random, text, emit && b == chosen);
        }
    }

    private static void Sequence(string p, ref int i, Random random, StringBuilder text, bool emit)
    {
        while (i < p.Length && p[i] != '|' && p[i] != ')')
        {
            var start = i;
            Atom(p, ref i, random, text, emit: false);
            var end = i;
            var (min, max) = (1, 1);
            if (i < p.Length && p[i] == '?')
            {
                (min, max) = (0, 1);
                i++;
            }
            else if (i < p.Length && p[i] == '{')
            {
                var close = p.IndexOf('}', i);
                var body = p[(i + 1)..close].Split(',');
                min = int.Parse(body[0], System.Globalization.CultureInfo.InvariantCulture);
                max = body.Length == 1 ? min : int.Parse(body[1], System.Globalization.CultureInfo.InvariantCulture);
                i = close + 1;
            }

            if (emit)
            {
                var times = random.Next(min, max + 1);
                for (var k = 0; k < times; k++)
                {
                    var j = start;
                    Atom(p[..end], ref j, random, text, emit: true);
                }
            }
        }
    }

    private static void Atom(string p, ref int i, Random random, StringBuilder text, bool emit)
    {
        if (p[i] == '(')
        {
            i++;
            if (p[i] == '?' && p[i + 1] == ':')
            {
                i += 2;
            }

            Alternation(p, ref i, random, text, emit);
            i++;
            return;
        }

        var digits = new List<char>();
        if (p[i] == '[')
        {
            i++;
            while (p[i] != ']')
            {
                if (p[i + 1] == '-')
                {
                    for (var c = p[i]; c <= p[i + 2]; c++)
                    {
                        digits.Add(c);
                    }

                    i += 3;
                }
                else
                {
                    digits.Add(p[i++]);
                }
            }

            i++;
        }
        else
        {
            digits.Add(p[i++]);
        }

        if (emit)
        {
            text.Append(digits[random.Next(digits.Count)]);
        }
    }
}
