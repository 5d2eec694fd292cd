using System;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ChinaDial.Compliance;

/// <summary>Writes and reads a <see cref="ReasonCodeSet"/> as a JSON array of reason-code names.</summary>
internal sealed class ReasonCodeSetJsonConverter : JsonConverter<ReasonCodeSet>
{
    public override ReasonCodeSet Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException("A reason-code set is a JSON array of names.");
        }

        var set = ReasonCodeSet.Empty;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            var name = reader.GetString();
            set = ReasonCodeNames.TryParse(name, out var code)
                ? set.Add(code)
                : throw new JsonException($"'{name}' is not a reason code.");
        }

        return set;
    }

    public override void Write(Utf8JsonWriter writer, ReasonCodeSet value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        foreach (var code in value)
        {
            writer.WriteStringValue(code.ToJsonName());
        }

        writer.WriteEndArray();
    }
}
