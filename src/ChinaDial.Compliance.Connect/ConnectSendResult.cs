using System;

namespace ChinaDial.Compliance.Connect;

/// <summary>The outcome of <see cref="GuardedConnectSender.SendAsync"/>: the compliance decision and, when sent, Connect's answer.</summary>
public sealed class ConnectSendResult
{
    internal ConnectSendResult(ConnectSendStatus status, CallDecision decision, string? clientToken, string? contactId, int? httpStatus, string? error)
    {
        Status = status;
        Decision = decision;
        ClientToken = clientToken;
        ContactId = contactId;
        HttpStatus = httpStatus;
        Error = error;
    }

    /// <summary>What happened.</summary>
    public ConnectSendStatus Status { get; }

    /// <summary>The compliance decision. After <see cref="ConnectSendStatus.Sent"/> its ticket is the caller's to complete with the call's outcome.</summary>
    public CallDecision Decision { get; }

    /// <summary>The earliest moment a deferred call would pass.</summary>
    public DateTimeOffset? NotBefore => Decision.NotBefore;

    /// <summary>The client token sent to Connect (null when nothing was sent).</summary>
    public string? ClientToken { get; }

    /// <summary>Connect's <c>ContactId</c> when <see cref="Status"/> is <see cref="ConnectSendStatus.Sent"/>.</summary>
    public string? ContactId { get; }

    /// <summary>The last HTTP status received from Connect, when any.</summary>
    public int? HttpStatus { get; }

    /// <summary>Connect's error type or the failure message, when the send failed.</summary>
    public string? Error { get; }
}
