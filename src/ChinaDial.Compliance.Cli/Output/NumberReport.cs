using System.Buffers;
using System.IO;
using System.Text;
using System.Text.Json;

namespace ChinaDial.Compliance.Cli.Output;

/// <summary>
/// The <c>classify</c>-shaped JSON object of one number:
/// <c>{"input","e164","valid","region","kind","callerIdProblems":[codes]}</c>, plus <c>"compliant"</c> for audits.
/// </summary>
internal sealed class NumberReport(CallerIdOptions callerIds)
{

    private readonly CallerIdInspector _inspector = new(callerIds);
    private readonly ArrayBufferWriter<byte> _buffer = new();

    /// <summary>Why the number cannot serve as a caller ID (invalid, toll-free, UIFN, prohibited region), and
    /// <c>caller_id_short_code_marketing</c> for a 95/96 short code, usable for service calls only.</summary>
    public ReasonCodeSet CallerIdProblems(PhoneNumberInfo number)
    {
        var problems = _inspector.Inspect(number);
        return number.IsServiceShortCode ? problems.Add(ReasonCode.CallerIdShortCodeMarketing) : problems;
    }

    /// <summary>Writes one line for <paramref name="input"/> to <paramref name="output"/>.</summary>
    public void Write(TextWriter output, string input, PhoneNumberInfo number, ReasonCodeSet problems, bool? compliant)
    {
        _buffer.ResetWrittenCount();
        using (var json = new Utf8JsonWriter(_buffer, JsonOutput.WriterOptions))
        {
            json.WriteStartObject();
            json.WriteString("input", input);
            if (number.IsParsed)
            {
                json.WriteString("e164", number.ToE164String());
            }
            else
            {
                json.WriteNull("e164");
            }

            json.WriteBoolean("valid", number.IsValid);
            if (number.RegionCode is { } region)
            {
                json.WriteString("region", region);
            }
            else
            {
                json.WriteNull("region");
            }

            json.WriteString("kind", number.Kind.ToJsonName());
            json.WriteStartArray("callerIdProblems");
            foreach (var code in problems)
            {
                json.WriteStringValue(code.ToJsonName());
            }

            json.WriteEndArray();
            if (compliant is { } value)
            {
                json.WriteBoolean("compliant", value);
            }

            json.WriteEndObject();
        }

        output.WriteLine(Encoding.UTF8.GetString(_buffer.WrittenSpan));
    }
}
