namespace ChinaDial.Compliance.Cli.Input;

/// <summary>A phone number column of a consents or opt-outs file: it must parse as E.164, or the row is unreadable.</summary>
internal static class NumberColumn
{
    public static string Read(string text, string path, long line)
        => PhoneNumberClassifier.Classify(text).IsParsed
            ? text.Trim()
            : throw new InputException(path, line, "'number' is not an E.164 number (e.g. +8613800138000).");
}
