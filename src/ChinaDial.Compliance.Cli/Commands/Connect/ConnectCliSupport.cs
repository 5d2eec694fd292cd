using System;
using System.Buffers;
using System.CommandLine;
using System.IO;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using Amazon.Runtime;
using ChinaDial.Compliance.Cli.Output;
using ChinaDial.Compliance.Connect;

namespace ChinaDial.Compliance.Cli.Commands.Connect;

/// <summary>What the <c>connect</c> commands share: the live client from <c>--region</c>/<c>--endpoint</c> and the
/// standard AWS credential chain, JSON lines, and turning Connect's and the files' errors into exit 2.</summary>
internal static class ConnectCliSupport
{

    public static Option<string?> Region() => new("--region") { Description = "The AWS region of the instance; default AWS_REGION, then AWS_DEFAULT_REGION." };

    public static Option<string?> Endpoint() => new("--endpoint") { Description = "The Connect endpoint (default https://connect.REGION.amazonaws.com)." };

    /// <summary>Runs <paramref name="live"/> against Connect with credentials from the standard AWS chain (environment,
    /// profile, SSO, container, instance), turning every failure into a message and exit 2.</summary>
    public static T RunLive<T>(string? region, string? endpointText, Func<IConnectApi, Task<T>> live)
    {
        Uri? endpoint = null;
        if (endpointText is not null && !Uri.TryCreate(endpointText, UriKind.Absolute, out endpoint))
        {
            throw new InputException($"--endpoint: '{endpointText}' is not an absolute URI.");
        }

        region ??= Environment.GetEnvironmentVariable("AWS_REGION") ?? Environment.GetEnvironmentVariable("AWS_DEFAULT_REGION");
        var options = new ConnectHttpApiOptions { Region = region ?? string.Empty, Endpoint = endpoint };
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new InputException("--region/--endpoint: " + string.Join(" ", errors) + (region is null ? " Give --region or set AWS_REGION." : string.Empty));
        }

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        try
        {
            return live(new ConnectHttpApi(http, options)).GetAwaiter().GetResult();
        }
        catch (AmazonServiceException error)
        {
            throw new InputException($"Amazon Connect refused: {error.ErrorCode} ({(int)error.StatusCode}): {error.Message} [request {error.RequestId}]", error);
        }
        catch (AmazonClientException error)
        {
            throw new InputException($"AWS credentials or configuration: {error.Message}", error);
        }
        catch (Exception error) when (error is HttpRequestException or TaskCanceledException or IOException or InvalidDataException)
        {
            throw new InputException($"Amazon Connect at {options.Endpoint?.ToString() ?? "connect." + region + ".amazonaws.com"}: {error.Message}", error);
        }
    }

    /// <summary>Opens and reads a file, turning a missing or malformed one into a message naming it and exit 2.</summary>
    public static T ReadFile<T>(string path, Func<Stream, T> read)
    {
        if (!File.Exists(path))
        {
            throw new InputException($"{path}: file not found.");
        }

        try
        {
            using var stream = File.OpenRead(path);
            return read(stream);
        }
        catch (InvalidDataException error)
        {
            throw new InputException($"{path}: {error.Message}", error);
        }
        catch (IOException error)
        {
            throw new InputException($"{path}: {error.Message}", error);
        }
    }

    public static void WriteLine(TextWriter output, Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer, JsonOutput.WriterOptions))
        {
            json.WriteStartObject();
            write(json);
            json.WriteEndObject();
        }

        output.WriteLine(Encoding.UTF8.GetString(buffer.WrittenSpan));
    }

    public static void WriteStringOrNull(Utf8JsonWriter json, string name, string? value)
    {
        if (value is null)
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteString(name, value);
        }
    }
}
