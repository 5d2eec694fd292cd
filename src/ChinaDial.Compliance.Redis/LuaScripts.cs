using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace ChinaDial.Compliance.Redis;

/// <summary>
/// The adapter's Lua scripts, kept as <c>Scripts/*.lua</c> files and embedded in the assembly (logical name
/// <c>ChinaDial.Compliance.Redis.Scripts.NAME.lua</c>). Each script is read once, by the static field that holds its
/// <see cref="RedisScript"/>: the text as the file holds it, line endings as <c>\n</c>, without the file's final
/// newline (so a checkout with CRLF line endings sends Redis the same text and the same SHA-1).
/// </summary>
internal static class LuaScripts
{
    /// <summary>The prefix of every script's manifest resource name.</summary>
    internal const string ResourcePrefix = "ChinaDial.Compliance.Redis.Scripts.";

    /// <summary>The extension of every script's manifest resource name.</summary>
    internal const string ResourceSuffix = ".lua";

    private static readonly ConcurrentDictionary<string, byte> ReadNames = new(StringComparer.Ordinal);

    /// <summary>The names of the scripts read so far (for the test that every embedded script is used).</summary>
    internal static ICollection<string> ReadSoFar => ReadNames.Keys;

    /// <summary>The text of the embedded script <paramref name="name"/> (<c>Scripts/NAME.lua</c>).</summary>
    /// <exception cref="InvalidOperationException">No such script is embedded (a build error, not a runtime
    /// condition).</exception>
    public static string Read(string name)
    {
        using var stream = typeof(LuaScripts).Assembly.GetManifestResourceStream(ResourcePrefix + name + ResourceSuffix)
            ?? throw new InvalidOperationException($"The Lua script '{name}' is not embedded in {typeof(LuaScripts).Assembly.GetName().Name}.");
        using var reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        var text = reader.ReadToEnd().Replace("\r\n", "\n", StringComparison.Ordinal);
        if (text.EndsWith('\n'))
        {
            text = text[..^1];
        }

        ReadNames.TryAdd(name, 0);
        return text;
    }
}
