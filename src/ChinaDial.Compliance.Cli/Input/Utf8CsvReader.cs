using System;
using System.Buffers;
using System.Collections.Generic;
using System.IO;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Text;

namespace ChinaDial.Compliance.Cli.Input;

/// <summary>
/// Reads a UTF-8 CSV file record by record as byte spans over one reused buffer: nothing is decoded and nothing is
/// allocated per record. The calls file's reader (a replay reads every row twice; CsvHelper decodes the file to UTF-16 and
/// makes a string of every field), and the reader of every other CSV file the tool reads. The rules: UTF-8 (a UTF-8
/// byte order mark is skipped; UTF-16 or UTF-32 text, a NUL byte or an invalid UTF-8 sequence stops with file and
/// line); a header line whose column names are unique (case-insensitive); RFC 4180 quoting (<c>""</c> inside quotes,
/// line breaks allowed inside quotes); spaces and tabs around a field trimmed; empty lines skipped; a malformed quote,
/// or a record with another number of fields than the header, stops with file and line.
/// </summary>
internal sealed class Utf8CsvReader : IDisposable
{
    private const int InitialBufferSize = 1 << 20;
    private static readonly SearchValues<byte> UnquotedStops = SearchValues.Create(",\r\n\""u8);

    private readonly Stream _stream;
    private readonly string _path;
    private byte[] _buffer = new byte[InitialBufferSize];
    private int _start;
    private int _end;
    private bool _eof;
    private long _nextLine = 1;
    private (int Start, int Length, bool Escaped)[] _fields = new (int, int, bool)[16];

    private Utf8CsvReader(Stream stream, string path)
    {
        _stream = stream;
        _path = path;
    }

    /// <summary>The header's column names, trimmed.</summary>
    public IReadOnlyList<string> Headers { get; private set; } = [];

    /// <summary>The line of the header (1 unless blank lines come first).</summary>
    public long HeaderLine { get; private set; }

    /// <summary>The line the current record starts on (the header is line 1).</summary>
    public long LineNumber { get; private set; }

    /// <summary>The current record's fields.</summary>
    public int FieldCount { get; private set; }

    /// <summary>Field <paramref name="index"/> of the current record, trimmed and unquoted; valid until the next <see cref="Read"/>.</summary>
    public ReadOnlySpan<byte> this[int index]
    {
        get
        {
            var (start, length, _) = _fields[index];
            return _buffer.AsSpan(start, length);
        }
    }

    /// <summary>Opens <paramref name="path"/> and reads its header line.</summary>
    /// <exception cref="InputException">The file is missing, a directory, unreadable, not UTF-8, empty, or its
    /// header is malformed or names a column twice.</exception>
    public static Utf8CsvReader Open(string path)
    {
        var reader = new Utf8CsvReader(InputFile.Open(path), path);
        try
        {
            reader.Fill();
            if (InputFile.ForeignByteOrderMark(reader._buffer.AsSpan(0, reader._end)) is { } encoding)
            {
                throw new InputException(InputFile.NotUtf8($"{path}: {encoding} text"));
            }

            if (reader._end >= 3 && reader._buffer.AsSpan(0, 3).SequenceEqual("\uFEFF"u8))
            {
                reader._start = 3;
            }

            if (!reader.Next())
            {
                throw new InputException(path, 1, "the file is empty: expected a header line with the column names.");
            }

            var headers = new string[reader.FieldCount];
            for (var i = 0; i < headers.Length; i++)
            {
                headers[i] = reader.GetString(i);
                for (var j = 0; j < i; j++)
                {
                    if (headers[j].Equals(headers[i], StringComparison.OrdinalIgnoreCase))
                    {
                        throw new InputException(path, reader.LineNumber, $"column '{InputFile.Show(headers[i])}' appears twice (columns {j + 1} and {i + 1}); which one holds the data is not clear.");
                    }
                }
            }

            reader.Headers = headers;
            reader.HeaderLine = reader.LineNumber;
            return reader;
        }
        catch
        {
            reader.Dispose();
            throw;
        }
    }

    /// <summary>The index of the column named <paramref name="name"/> (case-insensitive), or -1 when optional and absent.</summary>
    public int Column(string name, bool required = true)
    {
        for (var i = 0; i < Headers.Count; i++)
        {
            if (Headers[i].Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return required
            ? throw new InputException(_path, HeaderLine, $"no '{name}' column (columns: {InputFile.Show(string.Join(", ", Headers))}).")
            : -1;
    }

    /// <summary>Moves to the next record; false at the end of the file.</summary>
    /// <exception cref="InputException">The record is malformed or has another number of fields than the header.</exception>
    public bool Read()
    {
        if (!Next())
        {
            return false;
        }

        if (FieldCount != Headers.Count)
        {
            throw new InputException(_path, LineNumber, $"{FieldCount} field(s), but the header has {Headers.Count}.");
        }

        return true;
    }

    /// <summary>Field <paramref name="index"/> as a string.</summary>
    public string GetString(int index) => Encoding.UTF8.GetString(this[index]);

    public void Dispose() => _stream.Dispose();

    /// <summary>Parses the next non-empty record into <see cref="_fields"/>, reading more of the file as needed.</summary>
    private bool Next()
    {
        while (true)
        {
            var data = _buffer.AsSpan(_start, _end - _start);
            var status = Parse(data, _eof, out var consumed, out var lines);
            if (status == Status.NeedMore)
            {
                if (_eof)
                {
                    return false;
                }

                Fill();
                continue;
            }

            LineNumber = _nextLine;
            _nextLine += lines;
            var recordStart = _start;
            _start += consumed;
            if (status == Status.Empty)
            {
                continue;
            }

            CheckText(_buffer.AsSpan(recordStart, consumed));

            for (var i = 0; i < FieldCount; i++)
            {
                ref var field = ref _fields[i];
                field.Start += recordStart;
                if (field.Escaped)
                {
                    field.Length = Unescape(_buffer.AsSpan(field.Start, field.Length));
                }
            }

            return true;
        }
    }

    /// <summary>Stops at a record that is not UTF-8 text: a NUL byte (UTF-16 without a byte order mark reads as
    /// text with every other byte NUL) or an invalid UTF-8 sequence.</summary>
    private void CheckText(ReadOnlySpan<byte> record)
    {
        if (record.Contains((byte)0))
        {
            throw new InputException(_path, LineNumber, InputFile.NotUtf8("a NUL byte (UTF-16 text?)"));
        }

        if (!System.Text.Unicode.Utf8.IsValid(record))
        {
            throw new InputException(_path, LineNumber, InputFile.NotUtf8("an invalid UTF-8 sequence"));
        }
    }

    /// <summary>Moves the unread bytes to the front of the buffer (growing it when one record fills it) and reads more.</summary>
    private void Fill()
    {
        var unread = _end - _start;
        if (unread == _buffer.Length)
        {
            Array.Resize(ref _buffer, _buffer.Length * 2);
        }
        else if (_start > 0)
        {
            _buffer.AsSpan(_start, unread).CopyTo(_buffer);
        }

        _start = 0;
        _end = unread;
        while (_end < _buffer.Length)
        {
            int read;
            try
            {
                read = _stream.Read(_buffer, _end, _buffer.Length - _end);
            }
            catch (IOException error)
            {
                throw new InputException($"{_path}: cannot be read: {error.Message}", error);
            }

            if (read == 0)
            {
                _eof = true;
                return;
            }

            _end += read;
        }
    }

    /// <summary>Finds the fields of the record at the start of <paramref name="data"/> (offsets relative to it).</summary>
    private Status Parse(ReadOnlySpan<byte> data, bool final, out int consumed, out int lines)
    {
        if (data.IsEmpty)
        {
            consumed = lines = 0;
            return Status.NeedMore;
        }

        // Fast path, almost every line: no quote before the line break, so the fields are the text between commas.
        var stop = data.IndexOfAny((byte)'\n', (byte)'\r', (byte)'"');
        if (stop < 0 ? final : data[stop] != (byte)'"')
        {
            var line = stop < 0 ? data : data[..stop];
            if (stop < 0)
            {
                consumed = data.Length;
            }
            else if (data[stop] == (byte)'\r')
            {
                if (stop + 1 == data.Length && !final)
                {
                    consumed = lines = 0;
                    return Status.NeedMore;
                }

                consumed = stop + 1 < data.Length && data[stop + 1] == (byte)'\n' ? stop + 2 : stop + 1;
            }
            else
            {
                consumed = stop + 1;
            }

            lines = 1;
            return SplitLine(line);
        }

        return ParseQuoted(data, final, out consumed, out lines);
    }

    /// <summary>Splits a line without quotes at its commas, trimming blanks; a blank line is <see cref="Status.Empty"/>.</summary>
    private Status SplitLine(ReadOnlySpan<byte> line)
    {
        if (line.IndexOfAnyExcept((byte)' ', (byte)'\t') < 0)
        {
            return Status.Empty;
        }

        // The commas of 32 bytes at a time as a bit mask (a calls row is about 90 bytes: three compares).
        var count = 0;
        var start = 0;
        var chunk = 0;
        ref var first = ref MemoryMarshal.GetReference(line);
        for (; chunk + Vector256<byte>.Count <= line.Length; chunk += Vector256<byte>.Count)
        {
            var commas = Vector256.Equals(Vector256.LoadUnsafe(ref first, (nuint)chunk), Vector256.Create((byte)',')).ExtractMostSignificantBits();
            for (; commas != 0; commas &= commas - 1)
            {
                var comma = chunk + BitOperations.TrailingZeroCount(commas);
                AddField(ref count, line, start, comma);
                start = comma + 1;
            }
        }

        for (var i = chunk; i < line.Length; i++)
        {
            if (line[i] == (byte)',')
            {
                AddField(ref count, line, start, i);
                start = i + 1;
            }
        }

        AddField(ref count, line, start, line.Length);
        FieldCount = count;
        return Status.Record;
    }

    /// <summary>Records <c>line[from..to)</c>, blanks trimmed, as field <paramref name="count"/>.</summary>
    private void AddField(ref int count, ReadOnlySpan<byte> line, int from, int to)
    {
        while (from < to && line[from] is (byte)' ' or (byte)'\t')
        {
            from++;
        }

        while (to > from && line[to - 1] is (byte)' ' or (byte)'\t')
        {
            to--;
        }

        if (count == _fields.Length)
        {
            Array.Resize(ref _fields, count * 2);
        }

        _fields[count++] = (from, to - from, false);
    }

    /// <summary>The general parser: quoted fields, with commas, doubled quotes and line breaks inside.</summary>
    private Status ParseQuoted(ReadOnlySpan<byte> data, bool final, out int consumed, out int lines)
    {
        consumed = 0;
        lines = 0;
        var i = SkipBlanks(data, 0);
        if (i == data.Length)
        {
            if (final && i > 0)
            {
                consumed = i;
                return Status.Empty;
            }

            return Status.NeedMore;
        }

        if (data[i] is (byte)'\r' or (byte)'\n')
        {
            return EndOfLine(data, i, final, ref consumed, ref lines) ? Status.Empty : Status.NeedMore;
        }

        var count = 0;
        while (true)
        {
            i = SkipBlanks(data, i);
            int start, length;
            var escaped = false;
            if (i < data.Length && data[i] == (byte)'"')
            {
                start = i + 1;
                var j = start;
                while (true)
                {
                    var quote = data[j..].IndexOf((byte)'"');
                    if (quote < 0)
                    {
                        return final ? throw Malformed(lines, "a quoted field is not closed") : Status.NeedMore;
                    }

                    lines += CountLineBreaks(data.Slice(j, quote));
                    j += quote;
                    if (j + 1 == data.Length && !final)
                    {
                        return Status.NeedMore;
                    }

                    if (j + 1 < data.Length && data[j + 1] == (byte)'"')
                    {
                        escaped = true;
                        j += 2;
                        continue;
                    }

                    break;
                }

                length = j - start;
                i = SkipBlanks(data, j + 1);
                if (i < data.Length && data[i] is not ((byte)',' or (byte)'\r' or (byte)'\n'))
                {
                    throw Malformed(lines, "text after a closing quote");
                }
            }
            else
            {
                start = i;
                var stop = data[i..].IndexOfAny(UnquotedStops);
                i = stop < 0 ? data.Length : i + stop;
                if (i < data.Length && data[i] == (byte)'"')
                {
                    throw Malformed(lines, "a quote inside an unquoted field");
                }

                length = i - start;
                while (length > 0 && data[start + length - 1] is (byte)' ' or (byte)'\t')
                {
                    length--;
                }
            }

            if (count == _fields.Length)
            {
                Array.Resize(ref _fields, count * 2);
            }

            _fields[count++] = (start, length, escaped);
            if (i == data.Length)
            {
                if (!final)
                {
                    return Status.NeedMore;
                }

                consumed = i;
                lines++;
                FieldCount = count;
                return Status.Record;
            }

            if (data[i] == (byte)',')
            {
                i++;
                continue;
            }

            if (!EndOfLine(data, i, final, ref consumed, ref lines))
            {
                return Status.NeedMore;
            }

            FieldCount = count;
            return Status.Record;
        }
    }

    /// <summary>Consumes the line break at <paramref name="i"/> (<c>\n</c>, <c>\r\n</c> or <c>\r</c>).</summary>
    private static bool EndOfLine(ReadOnlySpan<byte> data, int i, bool final, ref int consumed, ref int lines)
    {
        if (data[i] == (byte)'\r')
        {
            if (i + 1 == data.Length && !final)
            {
                return false;
            }

            consumed = i + 1 < data.Length && data[i + 1] == (byte)'\n' ? i + 2 : i + 1;
        }
        else
        {
            consumed = i + 1;
        }

        lines++;
        return true;
    }

    private static int SkipBlanks(ReadOnlySpan<byte> data, int i)
    {
        while (i < data.Length && data[i] is (byte)' ' or (byte)'\t')
        {
            i++;
        }

        return i;
    }

    private static int CountLineBreaks(ReadOnlySpan<byte> text)
    {
        var count = text.Count((byte)'\n');
        for (var at = text.IndexOf((byte)'\r'); at >= 0; at = text.IndexOf((byte)'\r'))
        {
            count += at + 1 < text.Length && text[at + 1] == (byte)'\n' ? 0 : 1;
            text = text[(at + 1)..];
        }

        return count;
    }

    /// <summary>Turns every <c>""</c> into <c>"</c> in place; returns the new length.</summary>
    private static int Unescape(Span<byte> field)
    {
        var write = 0;
        for (var read = 0; read < field.Length; read++, write++)
        {
            field[write] = field[read];
            if (field[read] == (byte)'"')
            {
                read++;
            }
        }

        return write;
    }

    private InputException Malformed(int linesIntoRecord, string problem)
        => new(_path, _nextLine + linesIntoRecord, $"malformed CSV: {problem}.");

    private enum Status
    {
        NeedMore,
        Empty,
        Record,
    }
}
