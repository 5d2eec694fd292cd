using System;
using System.Text;

namespace ChinaDial.Compliance.Cli.Input;

/// <summary>
/// Decodes values that repeat from row to row (caller IDs: a few hundred in a million rows) once: a small direct-mapped
/// cache from UTF-8 bytes to the string, so repeated values share one string and cost no allocation.
/// </summary>
internal sealed class Utf8StringCache
{
    private const int Size = 1024;
    private const int MaxLength = 32;

    private readonly byte[]?[] _bytes = new byte[Size][];
    private readonly string[] _strings = new string[Size];

    public string Get(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length > MaxLength)
        {
            return Encoding.UTF8.GetString(utf8);
        }

        var hash = default(HashCode);
        hash.AddBytes(utf8);
        var slot = hash.ToHashCode() & (Size - 1);
        if (_bytes[slot] is { } cached && utf8.SequenceEqual(cached))
        {
            return _strings[slot];
        }

        var text = Encoding.UTF8.GetString(utf8);
        _bytes[slot] = utf8.ToArray();
        _strings[slot] = text;
        return text;
    }
}
