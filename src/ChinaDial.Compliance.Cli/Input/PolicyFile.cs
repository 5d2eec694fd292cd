using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Unicode;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace ChinaDial.Compliance.Cli.Input;

/// <summary>
/// Reads the <c>ChinaDialCompliance</c> section of a policy file: the same JSON shape as the library's appsettings,
/// bound by the library's strict binder (unknown keys, wrong shapes and values that do not parse are errors) and
/// validated as at the library's start-up. What only a file can get wrong is checked first, with its line: the
/// encoding (UTF-8, or UTF-16/32 with a byte-order mark), JSON syntax and duplicate keys.
/// </summary>
internal static class PolicyFile
{
    /// <summary>The largest policy file read: a policy is a few kilobytes, a larger file is not one.</summary>
    internal const int MaxBytes = 16 << 20;

    /// <summary>Why the tool does not use a <c>Redis</c> section.</summary>
    internal const string RedisNotUsed = "chinadial replays the calls on in-memory state (limits, consents and callbacks of this run only)";

    /// <summary>The options in <paramref name="path"/>, or the library defaults when <paramref name="path"/> is null.</summary>
    /// <exception cref="InputException">The file cannot be read, is not a policy, or its options are invalid.</exception>
    public static ChinaDialComplianceOptions Load(string? path) => Load(path, TextWriter.Null);

    /// <summary>The options in <paramref name="path"/>, or the library defaults when <paramref name="path"/> is null;
    /// remarks that are not errors (a section not used) go to <paramref name="notices"/>.</summary>
    /// <exception cref="InputException">The file cannot be read, is not a policy, or its options are invalid; nothing
    /// else is thrown.</exception>
    public static ChinaDialComplianceOptions Load(string? path, TextWriter notices)
    {
        ArgumentNullException.ThrowIfNull(notices);
        if (path is null)
        {
            return new ChinaDialComplianceOptions();
        }

        try
        {
            return LoadCore(path, notices);
        }
        catch (InputException)
        {
            throw;
        }
#pragma warning disable CA1031 // The tool's contract: unreadable input is an InputException (exit 2), whatever failed.
        catch (Exception error)
#pragma warning restore CA1031
        {
            throw new InputException($"{Printable(path)}: cannot be read as a policy: {Printable(error.Message)}", error);
        }
    }

    private static ChinaDialComplianceOptions LoadCore(string path, TextWriter notices)
    {
        var name = Printable(path);
        var json = Decode(name, Read(path, name));
        var scan = PolicyJson.Scan(name, json);
        var configuration = new ConfigurationBuilder().AddJsonStream(new MemoryStream(json, writable: false)).Build();
        var errors = new List<string>();
        if (!scan.HasSection)
        {
            errors.Add($"no '{ChinaDialComplianceOptions.SectionName}' section (the options are read from {{ \"{ChinaDialComplianceOptions.SectionName}\": {{ ... }} }}).");
        }

        // The library's strict binding and start-up validation; a Redis section (the tool does not reference the
        // adapter) is checked for typos against the adapter's options, then reported as not used.
        ChinaDialComplianceOptions? options = null;
        var remarks = new List<string>();
        try
        {
            options = ChinaDialComplianceConfiguration.Bind(configuration, RedisNotUsed, remarks);
        }
        catch (OptionsValidationException invalid)
        {
            errors.AddRange(invalid.Failures);
        }

        if (options is null || errors.Count > 0)
        {
            var lines = new StringBuilder($"{name}: invalid policy ({errors.Count} problem{(errors.Count == 1 ? string.Empty : "s")}):");
            var located = errors.ConvertAll(error => (Line: scan.LineOf(error), Text: scan.Locate(error) + Printable(error)));
            foreach (var (_, text) in located.OrderBy(error => error.Line))
            {
                lines.Append(Environment.NewLine).Append("  ").Append(text);
            }

            throw new InputException(lines.ToString());
        }

        foreach (var remark in remarks)
        {
            notices.WriteLine($"chinadial: {scan.Locate(remark)}{Printable(remark)}");
        }

        return options;
    }

    /// <summary>
    /// Takes a relative <c>CallerIds:VerificationsFile</c> from the policy file's folder (the library takes it from the
    /// current directory), and when <c>CallerIds:RequireCallbackVerification</c> is on reads it, so that a file that
    /// cannot be read stops the run before anything is replayed.
    /// </summary>
    /// <exception cref="InputException">The verifications file cannot be read.</exception>
    public static void CheckVerifications(ChinaDialComplianceOptions options, string? policyPath)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.CallerIds.VerificationsFile is { Length: > 0 } file)
        {
            options.CallerIds.VerificationsFile = VerificationsPath(file, policyPath);
        }

        if (!options.CallerIds.RequireCallbackVerification)
        {
            return;
        }

        string? problem;
        try
        {
            if (CallbackVerificationsFile.TryValidate(options.CallerIds.VerificationsFile!, out problem))
            {
                return;
            }
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException or ArgumentException)
        {
            throw new InputException($"{Printable(options.CallerIds.VerificationsFile!)} (CallerIds:VerificationsFile): {Printable(error.Message)}", error);
        }

        throw new InputException($"{Printable(options.CallerIds.VerificationsFile!)} (CallerIds:VerificationsFile): {Printable(problem)}");
    }

    /// <summary>A verifications file named in a policy, taken from the policy file's folder when relative.</summary>
    internal static string VerificationsPath(string file, string? policyPath)
        => Path.IsPathRooted(file) || policyPath is null ? file : Path.Combine(Path.GetDirectoryName(Path.GetFullPath(policyPath))!, file);

    /// <summary>The file's bytes (at most <see cref="MaxBytes"/>).</summary>
    private static byte[] Read(string path, string name)
    {
        if (Directory.Exists(path))
        {
            throw new InputException($"{name}: is a directory, not a policy file.");
        }

        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, FileOptions.SequentialScan);
            using var buffer = new MemoryStream();
            var chunk = new byte[81920];
            int read;
            while ((read = stream.Read(chunk, 0, chunk.Length)) > 0)
            {
                buffer.Write(chunk, 0, read);
                if (buffer.Length > MaxBytes)
                {
                    throw new InputException($"{name}: larger than {MaxBytes >> 20} MiB, so not a policy file (a policy is a few kilobytes).");
                }
            }

            return buffer.ToArray();
        }
        catch (Exception error) when (error is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new InputException($"{name}: policy file not found.", error);
        }
        catch (Exception error) when (error is UnauthorizedAccessException or IOException or ArgumentException or NotSupportedException)
        {
            throw new InputException($"{name}: cannot be read: {Printable(error.Message)}", error);
        }
    }

    /// <summary>The file as UTF-8 without a byte-order mark: UTF-8 as it is (a UTF-8 mark dropped), UTF-16 and UTF-32
    /// with their byte-order mark transcoded; anything else refused with the line it goes wrong on.</summary>
    private static byte[] Decode(string name, byte[] bytes)
    {
        ReadOnlySpan<byte> span = bytes;
        var encoding = span switch
        {
            [0xFF, 0xFE, 0x00, 0x00, ..] => new UTF32Encoding(bigEndian: false, byteOrderMark: true, throwOnInvalidCharacters: true),
            [0x00, 0x00, 0xFE, 0xFF, ..] => new UTF32Encoding(bigEndian: true, byteOrderMark: true, throwOnInvalidCharacters: true),
            [0xFF, 0xFE, ..] => new UnicodeEncoding(bigEndian: false, byteOrderMark: true, throwOnInvalidBytes: true),
            [0xFE, 0xFF, ..] => new UnicodeEncoding(bigEndian: true, byteOrderMark: true, throwOnInvalidBytes: true),
            _ => (Encoding?)null,
        };
        if (encoding is not null)
        {
            try
            {
                var text = encoding.GetString(bytes, encoding.Preamble.Length, bytes.Length - encoding.Preamble.Length);
                return Encoding.UTF8.GetBytes(text);
            }
            catch (DecoderFallbackException)
            {
                throw new InputException($"{name}: starts with the byte-order mark of {encoding.WebName} but is not valid {encoding.WebName}; save it as UTF-8.");
            }
        }

        if (span is [0xEF, 0xBB, 0xBF, ..])
        {
            span = span[3..];
        }

        var nul = span.IndexOf((byte)0);
        if (nul >= 0)
        {
            throw new InputException(name, LineOf(span, nul), "holds NUL bytes: it looks like UTF-16 or UTF-32 without a byte-order mark. Save it as UTF-8.");
        }

        var chars = new char[span.Length];
        if (Utf8.ToUtf16(span, chars, out var valid, out _, replaceInvalidSequences: false) != System.Buffers.OperationStatus.Done)
        {
            throw new InputException(name, LineOf(span, valid), $"not UTF-8 (byte 0x{span[valid]:X2} at byte {valid - LineStart(span, valid) + 1} of the line cannot be read as UTF-8): save the file as UTF-8.");
        }

        return span.Length == bytes.Length ? bytes : span.ToArray();
    }

    /// <summary>The 1-based line of byte <paramref name="offset"/>.</summary>
    internal static long LineOf(ReadOnlySpan<byte> text, int offset) => text[..offset].Count((byte)'\n') + 1;

    private static int LineStart(ReadOnlySpan<byte> text, int offset) => text[..offset].LastIndexOf((byte)'\n') + 1;

    /// <summary><paramref name="text"/> on one line, with control characters written as <c>\uXXXX</c>, so that no NUL
    /// or escape sequence from a file reaches the terminal.</summary>
    internal static string Printable(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (char.IsControl(c))
            {
                builder.Append("\\u").Append(((int)c).ToString("X4", System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }
}
