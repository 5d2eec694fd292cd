namespace ChinaDial.Compliance.Cli.Input;

/// <summary>
/// Loads a consents file (CSV: <c>number,purpose,granted_at,revoked_at</c>; <c>revoked_at</c> may be empty) into a
/// consent store. A row that cannot be read (bad number, purpose or timestamp, missing column) stops the run with a
/// message naming file and line.
/// </summary>
internal static class ConsentsFile
{
    public static void LoadInto(string path, InMemoryConsentStore store)
    {
        using var csv = CsvFile.Open(path);
        var number = CsvFile.Column(csv, path, "number");
        var purpose = CsvFile.Column(csv, path, "purpose");
        var granted = CsvFile.Column(csv, path, "granted_at");
        var revoked = CsvFile.Column(csv, path, "revoked_at");
        while (CsvFile.Advance(csv, path))
        {
            var line = csv.LineNumber;
            var revokedText = csv.GetString(revoked);
            store.Grant(new ConsentRecord(
                NumberColumn.Read(csv.GetString(number), path, line),
                CallsFile.Purpose(csv.GetString(purpose), path, line),
                CallsFile.Timestamp(csv.GetString(granted), path, line, "granted_at"),
                string.IsNullOrWhiteSpace(revokedText) ? null : CallsFile.Timestamp(revokedText, path, line, "revoked_at"),
                $"{System.IO.Path.GetFileName(path)}:{line}"));
        }
    }
}
