namespace ChinaDial.Compliance;

/// <summary>What an <see cref="AuditRecord"/> records. In JSON Lines (<see cref="JsonLinesAuditSink"/>) each kind is
/// written as its snake_case name (<c>decision</c>, <c>outcome</c>, <c>cancelled</c>, <c>caller_id_quarantined</c>,
/// <c>click_to_dial</c>), the names <c>chinadial evidence</c> and <c>chinadial audit prune</c> read.</summary>
public enum AuditEvent
{
    /// <summary>The evaluator decided a call (<c>decision</c>).</summary>
    Decision,

    /// <summary>An allowed call's ticket was completed with its outcome (<c>outcome</c>).</summary>
    Outcome,

    /// <summary>An allowed call's ticket was cancelled: the call was not placed (<c>cancelled</c>).</summary>
    Cancelled,

    /// <summary>The health monitor took a caller ID out of rotation (<c>caller_id_quarantined</c>); no call, so the
    /// destination fields hold <c>none</c>.</summary>
    CallerIdQuarantined,

    /// <summary>The click-to-dial guard answered a request (<c>click_to_dial</c>).</summary>
    ClickToDial,
}
