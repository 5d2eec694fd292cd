namespace ChinaDial.Compliance.Cli.Input;

/// <summary>
/// Loads an opt-outs file (CSV: <c>number,purpose,at</c>; purpose <c>all</c> for every purpose) into a consent store.
/// A row that cannot be read stops the run with a message naming file and line.
/// </summary>
internal static class OptOutsFile
{
    public static void LoadInto(string path, InMemoryConsentStore store)
    {
        using var csv = CsvFile.Open(path);
        var number = CsvFile.Column(csv, path, "number");
        var purpose = CsvFile.Column(csv, path, "purpose");
        var at = CsvFile.Column(csv, path, "at");
        while (CsvFile.Advance(csv, path))
        {
            var line = csv.LineNumber;
            var purposeText = csv.GetString(purpose);
            store.OptOut(
                NumberColumn.Read(csv.GetString(number), path, line),
                purposeText.Trim().Equals("all", System.StringComparison.OrdinalIgnoreCase) ? null : CallsFile.Purpose(purposeText, path, line),
                CallsFile.Timestamp(csv.GetString(at), path, line, "at"));
        }
    }
}
