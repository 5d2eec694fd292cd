using System;
using System.Buffers;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace ChinaDial.Compliance.Cli.Output;

/// <summary>Writes <c>{"id","verdict":"allow|deny|defer","reasons":[codes],"notBefore":ISO-8601|null,"observed":[codes]}</c>
/// lines as UTF-8: <c>reasons</c> are the enforced objections, <c>observed</c> those of policies in Observe mode (they
/// did not block the call). Output leaves in blocks of about 60 KB and on <see cref="Flush"/>, not on
/// <see cref="Dispose"/>: a run that fails keeps what it has not yet written.</summary>
internal sealed class DecisionWriter(Stream output) : IDisposable
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };
    private static readonly byte[] NewLine = "\n"u8.ToArray();
    private static readonly JsonEncodedText Id = JsonEncodedText.Encode("id"u8);
    private static readonly JsonEncodedText Verdict = JsonEncodedText.Encode("verdict"u8);
    private static readonly JsonEncodedText Reasons = JsonEncodedText.Encode("reasons"u8);
    private static readonly JsonEncodedText NotBefore = JsonEncodedText.Encode("notBefore"u8);
    private static readonly JsonEncodedText Observed = JsonEncodedText.Encode("observed"u8);
    private static readonly JsonEncodedText[] Verdicts = [JsonEncodedText.Encode("allow"u8), JsonEncodedText.Encode("defer"u8), JsonEncodedText.Encode("deny"u8)];

    /// <summary>The JSON name of every reason code, encoded once (a reason set holds codes 0 to 31).</summary>
    private static readonly JsonEncodedText[] ReasonNames = [.. Enumerable.Range(0, 32).Select(code => JsonEncodedText.Encode(Enum.IsDefined((ReasonCode)code) ? ((ReasonCode)code).ToJsonName() : code.ToString(CultureInfo.InvariantCulture)))];

    private readonly ArrayBufferWriter<byte> _buffer = new(1 << 16);
    private readonly Utf8JsonWriter _json = new(new ArrayBufferWriter<byte>(), WriterOptions);

    public void Write(string id, CallDecision decision)
    {
        _json.Reset(_buffer);
        _json.WriteStartObject();
        _json.WriteString(Id, id);
        _json.WriteString(Verdict, Verdicts[decision.Verdict switch
        {
            CallVerdict.Allow => 0,
            CallVerdict.Defer => 1,
            _ => 2,
        }]);
        _json.WriteStartArray(Reasons);
        foreach (var code in decision.Reasons)
        {
            _json.WriteStringValue(ReasonNames[(int)code]);
        }

        _json.WriteEndArray();
        if (decision.NotBefore is { } notBefore)
        {
            Span<char> text = stackalloc char[40];
            notBefore.ToUniversalTime().TryFormat(text, out var written, "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture);
            _json.WriteString(NotBefore, text[..written]);
        }
        else
        {
            _json.WriteNull(NotBefore);
        }

        _json.WriteStartArray(Observed);
        foreach (var code in decision.ObservedReasons)
        {
            _json.WriteStringValue(ReasonNames[(int)code]);
        }

        _json.WriteEndArray();
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

    public void Dispose() => _json.Dispose();
}
