namespace ChinaDial.Compliance.Connect;

/// <summary>What happened to a guarded send.</summary>
public enum ConnectSendStatus
{
    /// <summary>The evaluator denied the call; nothing was sent.</summary>
    Denied = 0,

    /// <summary>The evaluator deferred the call; nothing was sent; see <see cref="ConnectSendResult.NotBefore"/>.</summary>
    Deferred = 1,

    /// <summary>Connect accepted the request; <see cref="ConnectSendResult.ContactId"/> is set.</summary>
    Sent = 2,

    /// <summary>Connect refused the request (or throttling retries ran out); the call was not placed and the ticket was cancelled.</summary>
    Failed = 3,

    /// <summary>The request may have reached Connect (5xx, timeout, broken connection); the call may have been placed. Not retried; the ticket is kept. Re-send with the same <see cref="ConnectSendResult.ClientToken"/> to make it idempotent.</summary>
    Unknown = 4,
}
