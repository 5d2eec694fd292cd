namespace ChinaDial.Compliance.Connect;

/// <summary>What happened to a guarded send.</summary>
public enum ConnectSendStatus
{
    /// <summary>Not sent. Either the evaluator denied the call (<see cref="ConnectSendResult.Decision"/>'s reasons), or the
    /// request was refused before evaluation (<see cref="ConnectSendResult.RequestProblems"/>: a member breaks the API
    /// model, the purpose is missing, the queue's caller ID differs from <c>SourcePhoneNumber</c>, the queue has none).</summary>
    Denied = 0,

    /// <summary>The evaluator deferred the call; nothing was sent; see <see cref="ConnectSendResult.NotBefore"/>.</summary>
    Deferred = 1,

    /// <summary>Connect accepted the request; <see cref="ConnectSendResult.ContactId"/> is set. Complete the ticket
    /// with the call's outcome (or let a <see cref="ConnectContactRegistry"/> do it).</summary>
    Sent = 2,

    /// <summary>Nothing reached Connect, or Connect refused it (a 4xx client error, throttling past the budget, no
    /// credentials, DNS failure, refused connection, pacing queue full): the call was not placed and the ticket was cancelled.</summary>
    Failed = 3,

    /// <summary>The request may have reached Connect (5xx or timeouts past the budget, a connection lost mid-answer):
    /// the call may have been placed. The ticket is kept; <see cref="GuardedConnectSender.ResumeAsync"/> re-sends with
    /// the same client token, without a second evaluation.</summary>
    Unknown = 4,
}
