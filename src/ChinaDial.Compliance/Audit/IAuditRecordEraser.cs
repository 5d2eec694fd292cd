namespace ChinaDial.Compliance;

/// <summary>A sink of the SDK that can remove the records of one number, found by its keyed hash (see
/// <see cref="AuditTrail"/>'s erasure).</summary>
internal interface IAuditRecordEraser
{
    /// <summary>Removes every record whose caller ID or destination hash is <paramref name="numberHash"/>; returns how many.</summary>
    long Forget(string numberHash);
}
