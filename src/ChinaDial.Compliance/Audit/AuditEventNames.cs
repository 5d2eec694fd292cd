namespace ChinaDial.Compliance;

/// <summary>The JSON names of <see cref="AuditEvent"/>: part of the audit file format, never renamed.</summary>
internal static class AuditEventNames
{
    private static readonly string[] Names = ["decision", "outcome", "cancelled", "caller_id_quarantined", "click_to_dial"];

    /// <summary>The snake_case name of <paramref name="kind"/>, as written to audit files and logs.</summary>
    public static string ToJsonName(this AuditEvent kind) => Names[(int)kind];
}
