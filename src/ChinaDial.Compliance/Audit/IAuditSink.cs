namespace ChinaDial.Compliance;

/// <summary>
/// Receives an <see cref="AuditRecord"/> for every decision and every ticket outcome. Called on the evaluating thread:
/// buffer rather than block. A sink that throws makes the evaluator deny the call with <c>policy_error</c> (fail
/// closed: no call without its audit record).
/// </summary>
public interface IAuditSink
{
    /// <summary>Keeps <paramref name="record"/>.</summary>
    void Write(AuditRecord record);
}
