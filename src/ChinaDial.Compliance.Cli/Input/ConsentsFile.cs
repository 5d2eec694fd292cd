namespace ChinaDial.Compliance.Cli.Input;

/// <summary>
/// Loads a consents file (CSV: <c>number,purpose,granted_at,revoked_at</c>; <c>revoked_at</c> may be empty) into a
/// consent store, which resolves the rows by their instants whatever their order. A row that cannot be read (bad
/// number, purpose or timestamp, missing column, <c>revoked_at</c> before <c>granted_at</c>) stops the run with a
/// message naming file and line.
/// </summary>
internal static class ConsentsFile
{
    /// <summary>Loads every row of <paramref name="path"/> into <paramref name="store"/>; returns how many.</summary>
    /// <exception cref="InputException">A row cannot be read.</exception>
    public static long LoadInto(string path, InMemoryConsentStore store)
    {
        long rows = 0;
        using var csv = Utf8CsvReader.Open(path);
        var number = csv.Column("number");
        var purpose = csv.Column("purpose");
        var granted = csv.Column("granted_at");
        var revoked = csv.Column("revoked_at");
        while (csv.Read())
        {
            rows++;
            var line = csv.LineNumber;
            var revokedText = csv.GetString(revoked);
            var grantedAt = CallsFile.Timestamp(csv.GetString(granted), path, line, "granted_at");
            var revokedAt = string.IsNullOrWhiteSpace(revokedText) ? (System.DateTimeOffset?)null : CallsFile.Timestamp(revokedText, path, line, "revoked_at");
            if (revokedAt < grantedAt)
            {
                throw new InputException(path, line, "'revoked_at' is before 'granted_at': a consent cannot end before it begins.");
            }

            store.Grant(new ConsentRecord(
                NumberColumn.Read(csv.GetString(number), path, line),
                CallsFile.Purpose(csv.GetString(purpose), path, line),
                grantedAt,
                revokedAt,
                $"{System.IO.Path.GetFileName(path)}:{line}"));
        }

        return rows;
    }
}
