using System;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ChinaDial.Compliance;

/// <summary>Writes and reads <see cref="ReasonCode"/> as its stable snake_case JSON name.</summary>
internal sealed class ReasonCodeJsonConverter : JsonConverter<ReasonCode>
{
    public override ReasonCode Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var name = reader.GetString();
        return ReasonCodeNames.TryParse(name, out var code)
            ? code
            : throw new JsonException($"'{name}' is not a reason code.");
    }

    public override void Write(Utf8JsonWriter writer, ReasonCode value, JsonSerializerOptions options)
        => writer.WriteStringValue(value.ToJsonName());
}
