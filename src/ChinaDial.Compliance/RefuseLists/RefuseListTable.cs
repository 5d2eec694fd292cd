using System;

namespace ChinaDial.Compliance;

/// <summary>
/// One refuse list in memory: the 64-bit keyed hashes of its numbers, sorted, and an index of where each bucket of the
/// hash's top bits starts (about four entries a bucket). Membership is O(1): one look into the index, then a vectorized
/// search of a handful of 8-byte keys; nothing is allocated. About 9 bytes an entry (8 for the key, 0.5 to 1 for the
/// index). Never changed once built: a new list replaces it whole.
/// </summary>
internal sealed class RefuseListTable
{
    private readonly ulong[] _keys;
    private readonly int[] _starts;
    private readonly int _shift;

    /// <summary>Builds the table of <paramref name="hashes"/> (sorted in place; duplicates kept once).</summary>
    public RefuseListTable(ulong[] hashes, int count)
    {
        var keys = hashes.AsSpan(0, count);
        keys.Sort();
        var distinct = 0;
        for (var i = 0; i < keys.Length; i++)
        {
            if (distinct == 0 || keys[i] != keys[distinct - 1])
            {
                keys[distinct++] = keys[i];
            }
        }

        _keys = distinct == hashes.Length ? hashes : keys[..distinct].ToArray();
        var bits = 1;
        while (bits < 30 && (1L << (bits + 2)) < distinct)
        {
            bits++;
        }

        _shift = 64 - bits;
        _starts = new int[(1 << bits) + 1];
        var at = 0;
        for (var bucket = 0; bucket < (1 << bits); bucket++)
        {
            _starts[bucket] = at;
            while (at < _keys.Length && (int)(_keys[at] >> _shift) == bucket)
            {
                at++;
            }
        }

        _starts[1 << bits] = _keys.Length;
    }

    /// <summary>How many distinct numbers the list holds.</summary>
    public int Count => _keys.Length;

    /// <summary>The bytes the table holds (keys and index).</summary>
    public long Bytes => ((long)_keys.Length * sizeof(ulong)) + ((long)_starts.Length * sizeof(int));

    /// <summary>Whether the number whose keyed hash is <paramref name="hash"/> is on the list.</summary>
    public bool Contains(ulong hash)
    {
        var bucket = (int)(hash >> _shift);
        var starts = _starts;
        var from = starts[bucket];
        var to = starts[bucket + 1];
        return _keys.AsSpan(from, to - from).Contains(hash);
    }
}
