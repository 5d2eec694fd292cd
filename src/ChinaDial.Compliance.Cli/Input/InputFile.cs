using System;
using System.IO;
using System.Text;

namespace ChinaDial.Compliance.Cli.Input;

/// <summary>
/// Opens the tool's input files with one set of messages (missing, a directory, unreadable, not UTF-8), and shows the
/// text of a bad field in a message safely: control characters escaped, long values cut.
/// </summary>
internal static class InputFile
{
    private const int ShownLength = 64;

    /// <summary>Opens <paramref name="path"/> for reading.</summary>
    /// <exception cref="InputException">The file is missing, is a directory, or cannot be read.</exception>
    public static FileStream Open(string path)
    {
        if (Directory.Exists(path))
        {
            throw new InputException($"{path}: is a directory, not a file.");
        }

        if (!File.Exists(path))
        {
            throw new InputException($"{path}: file not found.");
        }

        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            throw new InputException($"{path}: cannot be read: {error.Message}", error);
        }
    }

    /// <summary>The encoding a byte order mark at the start of <paramref name="start"/> announces, when it is not
    /// UTF-8; null for UTF-8 or no mark.</summary>
    public static string? ForeignByteOrderMark(ReadOnlySpan<byte> start)
        => start.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE, 0x00, 0x00]) ? "UTF-32"
            : start.StartsWith((ReadOnlySpan<byte>)[0x00, 0x00, 0xFE, 0xFF]) ? "UTF-32"
            : start.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || start.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]) ? "UTF-16"
            : null;

    /// <summary>The message for a file that is not UTF-8 text.</summary>
    public static string NotUtf8(string what) => $"{what}: the file is not UTF-8 text; save it as UTF-8 (CSV UTF-8).";

    /// <summary><paramref name="text"/> as shown inside quotes in a message: control and other invisible characters
    /// as <c>\uXXXX</c>, at most 64 characters (then an ellipsis).</summary>
    public static string Show(string text)
    {
        var shown = new StringBuilder(Math.Min(text.Length, ShownLength) + 8);
        foreach (var rune in text.EnumerateRunes())
        {
            if (shown.Length >= ShownLength)
            {
                return shown.Append('…').ToString();
            }

            if (Rune.IsControl(rune) || Rune.GetUnicodeCategory(rune) is System.Globalization.UnicodeCategory.Format or System.Globalization.UnicodeCategory.LineSeparator or System.Globalization.UnicodeCategory.ParagraphSeparator)
            {
                shown.Append(System.Globalization.CultureInfo.InvariantCulture, $"\\u{rune.Value:X4}");
            }
            else
            {
                shown.Append(rune.ToString());
            }
        }

        return shown.ToString();
    }
}
