namespace ChinaDial.Compliance.Cli.Input;

/// <summary>
/// Loads an opt-outs file (CSV: <c>number,purpose,at</c>; purpose <c>all</c> for every purpose) into a consent store
/// (the earliest opt-out of a number and purpose counts, whatever the row order). A row that cannot be read stops the
/// run with a message naming file and line.
/// </summary>
internal static class OptOutsFile
{
    /// <summary>Loads every row of <paramref name="path"/> into <paramref name="store"/>; returns how many.</summary>
    /// <exception cref="InputException">A row cannot be read.</exception>
    public static long LoadInto(string path, InMemoryConsentStore store)
    {
        long rows = 0;
        using var csv = Utf8CsvReader.Open(path);
        var number = csv.Column("number");
        var purpose = csv.Column("purpose");
        var at = csv.Column("at");
        while (csv.Read())
        {
            rows++;
            var line = csv.LineNumber;
            var purposeText = csv.GetString(purpose);
            store.OptOut(
                NumberColumn.Read(csv.GetString(number), path, line),
                purposeText.Trim().Equals("all", System.StringComparison.OrdinalIgnoreCase) ? null : CallsFile.Purpose(purposeText, path, line),
                CallsFile.Timestamp(csv.GetString(at), path, line, "at"));
        }

        return rows;
    }
}
