using System.Text.Encodings.Web;
using System.Text.Json;

namespace ChinaDial.Compliance.Cli.Output;

/// <summary>How every command writes JSON to stdout: readable non-ASCII (Chinese names, <c>+</c> in numbers) as it is.</summary>
internal static class JsonOutput
{
    public static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
