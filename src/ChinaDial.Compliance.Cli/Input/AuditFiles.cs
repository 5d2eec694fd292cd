using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.Json;

namespace ChinaDial.Compliance.Cli.Input;

/// <summary>One record of a JSON Lines audit file (as <see cref="JsonLinesAuditSink"/> writes it).</summary>
/// <param name="Line">Its line.</param>
/// <param name="Event">decision, outcome, cancelled, caller_id_quarantined or click_to_dial.</param>
/// <param name="At">When.</param>
/// <param name="Json">The whole record.</param>
internal sealed record AuditLine(long Line, string Event, DateTimeOffset At, JsonElement Json)
{
    /// <summary>A string field, or null.</summary>
    public string? Text(string name) => Json.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}

/// <summary>Reading and checking JSON Lines audit files for <c>evidence</c> and <c>audit prune</c>, and checking that
/// <c>screen --audit</c> can write one.</summary>
internal static class AuditFiles
{
    /// <summary>The pseudonymizer of a policy's <c>Audit:Pepper</c>, which must be set (a random pepper matches nothing
    /// written by another run).</summary>
    /// <exception cref="InputException">The policy sets no pepper.</exception>
    public static NumberPseudonymizer Pseudonymizer(ChinaDialComplianceOptions options, string why)
        => string.IsNullOrEmpty(options.Audit.Pepper)
            ? throw new InputException($"{why} needs the policy's Audit:Pepper (the secret the audit records' number hashes are made with); set it in the policy file (--policy).")
            : options.Audit.CreatePseudonymizer();

    /// <summary>Checks that <c>--audit</c> names a file that can be appended to, with a pepper to hash by.</summary>
    /// <exception cref="InputException">It cannot, or no pepper is set.</exception>
    public static void CheckWritable(string path, ChinaDialComplianceOptions options)
    {
        Pseudonymizer(options, "--audit");
        if (Directory.Exists(path))
        {
            throw new InputException($"--audit {InputFile.Show(path)}: is a directory, not a file.");
        }

        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is null || !Directory.Exists(folder))
        {
            throw new InputException($"--audit {InputFile.Show(path)}: the folder does not exist.");
        }
    }

    /// <summary>Every record of <paramref name="path"/>, in file order (blank lines skipped). The file is read whole
    /// before the first record is returned, so that a broken line stops the run before anything is printed.</summary>
    /// <exception cref="InputException">The file cannot be read, or a line is not an audit record.</exception>
    public static List<AuditLine> Read(string path)
    {
        if (Directory.Exists(path))
        {
            throw new InputException($"{InputFile.Show(path)}: is a directory, not an audit file.");
        }

        var records = new List<AuditLine>();
        try
        {
            using var reader = new StreamReader(path, new UTF8Encoding(false, throwOnInvalidBytes: true));
            long line = 0;
            string? text;
            while ((text = reader.ReadLine()) is not null)
            {
                line++;
                if (string.IsNullOrWhiteSpace(text))
                {
                    continue;
                }

                records.Add(Parse(text, path, line));
            }
        }
        catch (Exception error) when (error is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new InputException($"{InputFile.Show(path)}: audit file not found.", error);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException or DecoderFallbackException)
        {
            throw new InputException($"{InputFile.Show(path)}: cannot be read: {InputFile.Show(error.Message)}", error);
        }

        return records;
    }

    /// <summary>One line as a record: a JSON object with <c>event</c> and <c>at</c>.</summary>
    public static AuditLine Parse(string text, string path, long line)
    {
        JsonElement json;
        try
        {
            using var document = JsonDocument.Parse(text);
            json = document.RootElement.Clone();
        }
        catch (JsonException error)
        {
            throw new InputException(path, line, $"not a JSON audit record ({InputFile.Show(error.Message)}).");
        }

        if (json.ValueKind != JsonValueKind.Object
            || !json.TryGetProperty("event", out var @event) || @event.ValueKind != JsonValueKind.String
            || !json.TryGetProperty("at", out var at) || at.ValueKind != JsonValueKind.String
            || !DateTimeOffset.TryParse(at.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.None, out var instant))
        {
            throw new InputException(path, line, "not an audit record: an object with 'event' and 'at' (ISO-8601) is expected.");
        }

        return new AuditLine(line, @event.GetString()!, instant, json);
    }
}
