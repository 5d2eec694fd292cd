using System;
using System.Buffers;
using System.Globalization;
using System.IO;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace ChinaDial.Compliance.Cli.Output;

/// <summary>Writes <c>{"id","verdict":"allow|deny|defer","reasons":[codes],"notBefore":ISO-8601|null}</c> lines as UTF-8.</summary>
internal sealed class DecisionWriter(Stream output) : IDisposable
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };
    private static readonly byte[] NewLine = "\n"u8.ToArray();

    private readonly ArrayBufferWriter<byte> _buffer = new(1 << 16);
    private readonly Utf8JsonWriter _json = new(new ArrayBufferWriter<byte>(), WriterOptions);

    public void Write(string id, CallDecision decision)
    {
        _json.Reset(_buffer);
        _json.WriteStartObject();
        _json.WriteString("id"u8, id);
        _json.WriteString("verdict"u8, decision.Verdict switch
        {
            CallVerdict.Allow => "allow"u8,
            CallVerdict.Defer => "defer"u8,
            _ => "deny"u8,
        });
        _json.WriteStartArray("reasons"u8);
        foreach (var code in decision.Reasons)
        {
            _json.WriteStringValue(code.ToJsonName());
        }

        _json.WriteEndArray();
        if (decision.NotBefore is { } notBefore)
        {
            Span<char> text = stackalloc char[40];
            notBefore.ToUniversalTime().TryFormat(text, out var written, "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture);
            _json.WriteString("notBefore"u8, text[..written]);
        }
        else
        {
            _json.WriteNull("notBefore"u8);
        }

        _json.WriteEndObject();
        _json.Flush();
        _buffer.Write(NewLine);
        if (_buffer.WrittenCount > 60_000)
        {
            Flush();
        }
    }

    public void Flush()
    {
        output.Write(_buffer.WrittenSpan);
        _buffer.ResetWrittenCount();
        output.Flush();
    }

    public void Dispose()
    {
        Flush();
        _json.Dispose();
    }
}
