using System;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;

namespace ChinaDial.Compliance.Cli.Input;

/// <summary>
/// A policy file's JSON read token by token before it is bound: syntax errors with their line and column, duplicate
/// keys (which .NET configuration merges or rejects without a line), and the line of every key, so that binding and
/// validation errors can name it.
/// </summary>
internal sealed class PolicyJson
{
    private readonly Dictionary<string, long> _lines = new(StringComparer.OrdinalIgnoreCase);
    private readonly string _name;

    private PolicyJson(string name) => _name = name;

    /// <summary>Whether the root object has the <c>ChinaDialCompliance</c> key.</summary>
    public bool HasSection { get; private set; }

    /// <summary>Reads <paramref name="json"/> (UTF-8, no byte-order mark), the file <paramref name="name"/>.</summary>
    /// <exception cref="InputException">It is not JSON, its root is not an object, or a key appears twice in an object.</exception>
    public static PolicyJson Scan(string name, byte[] json)
    {
        var scan = new PolicyJson(name);
        scan.Read(json);
        return scan;
    }

    /// <summary>"<c>file:line: </c>" for a message that starts with a configuration path given in the file (or the
    /// nearest section above it that is), else "<c>file: </c>".</summary>
    public string Locate(string message) => LineOf(message) is > 0 and var line ? $"{_name}:{line}: " : $"{_name}: ";

    /// <summary>The line of the configuration path a message starts with (or of the nearest section above it given
    /// in the file); 0 when none is.</summary>
    public long LineOf(string message)
    {
        var end = message.IndexOf(' ', StringComparison.Ordinal);
        var path = (end < 0 ? message : message[..end]).TrimEnd(':', '.', ';', ',');
        while (path.Length > 0)
        {
            if (_lines.TryGetValue(path, out var line))
            {
                return line;
            }

            path = path[..Math.Max(path.LastIndexOf(':'), 0)];
        }

        return 0;
    }

    private static string Join(string parent, string name) => parent.Length == 0 ? name : $"{parent}:{name}";

    private void Read(byte[] json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var frames = new Stack<Frame>();
        var duplicates = new List<string>();
        var property = string.Empty;
        var counted = 0;
        var line = 1L;
        try
        {
            while (reader.Read())
            {
                var start = (int)reader.TokenStartIndex;
                line += json.AsSpan(counted, start - counted).Count((byte)'\n');
                counted = start;
                if (reader.TokenType == JsonTokenType.PropertyName)
                {
                    var frame = frames.Peek();
                    var key = reader.GetString()!;
                    property = Join(frame.Path, key);
                    if (frame.Keys!.TryGetValue(key, out var first))
                    {
                        duplicates.Add($"{_name}:{line}: {Printable(property)} is given twice in one object (first on line {first}); a key may appear once.");
                    }
                    else
                    {
                        frame.Keys[key] = line;
                        _lines.TryAdd(property, line);
                    }

                    HasSection |= frames.Count == 1 && string.Equals(key, ChinaDialComplianceOptions.SectionName, StringComparison.OrdinalIgnoreCase);
                    continue;
                }

                if (reader.TokenType is JsonTokenType.EndObject or JsonTokenType.EndArray)
                {
                    frames.Pop();
                    continue;
                }

                // A value: the root, a property's, or an array's next element.
                string path;
                if (frames.Count == 0)
                {
                    if (reader.TokenType != JsonTokenType.StartObject)
                    {
                        throw new InputException(_name, line, $"the policy must be a JSON object ({{ \"{ChinaDialComplianceOptions.SectionName}\": {{ ... }} }}); it is {reader.TokenType}.");
                    }

                    path = string.Empty;
                }
                else if (frames.Peek() is { Keys: null } array)
                {
                    path = Join(array.Path, array.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
                    array.Count++;
                    _lines.TryAdd(path, line);
                }
                else
                {
                    path = property;
                }

                if (reader.TokenType == JsonTokenType.StartObject)
                {
                    frames.Push(new Frame(path, new Dictionary<string, long>(StringComparer.OrdinalIgnoreCase)));
                }
                else if (reader.TokenType == JsonTokenType.StartArray)
                {
                    frames.Push(new Frame(path, null));
                }
            }
        }
        catch (JsonException error)
        {
            var errorLine = (error.LineNumber ?? 0) + 1;
            throw new InputException(_name, errorLine, $"not valid JSON at column {Column(json, errorLine, error.BytePositionInLine ?? 0)}: {Printable(Reason(error.Message))}");
        }

        if (duplicates.Count > 0)
        {
            throw new InputException(string.Join(Environment.NewLine + "  ", duplicates));
        }
    }

    /// <summary>The JSON reader's message without its own position suffix.</summary>
    private static string Reason(string message)
    {
        var suffix = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return suffix < 0 ? message : message[..suffix];
    }

    /// <summary>The 1-based column (in characters) of byte <paramref name="bytePosition"/> of line <paramref name="line"/>.</summary>
    private static long Column(byte[] json, long line, long bytePosition)
    {
        var start = 0;
        for (var l = 1L; l < line; l++)
        {
            var next = json.AsSpan(start).IndexOf((byte)'\n');
            if (next < 0)
            {
                return bytePosition + 1;
            }

            start += next + 1;
        }

        var length = (int)Math.Min(bytePosition, json.Length - start);
        return Encoding.UTF8.GetCharCount(json, start, length) + 1;
    }

    private static string Printable(string text) => PolicyFile.Printable(text);

    /// <summary>An object (with its keys and their lines) or an array (with its element count) being read.</summary>
    private sealed class Frame(string path, Dictionary<string, long>? keys)
    {
        public string Path => path;

        public Dictionary<string, long>? Keys => keys;

        public int Count { get; set; }
    }
}
