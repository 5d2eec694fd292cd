using System;
using System.Collections.Generic;

namespace ChinaDial.Compliance.Connect;

/// <summary>The outcome of <see cref="GuardedConnectSender.SendAsync"/> or <see cref="GuardedConnectSender.ResumeAsync"/>.</summary>
public sealed class ConnectSendResult
{
    internal ConnectSendResult(ConnectSendStatus status, CallDecision? decision, StartOutboundVoiceContactRequest request)
    {
        Status = status;
        Decision = decision;
        Request = request;
    }

    /// <summary>What happened.</summary>
    public ConnectSendStatus Status { get; }

    /// <summary>The compliance decision; null when the request was refused before evaluation (<see cref="RequestProblems"/>).
    /// After <see cref="ConnectSendStatus.Sent"/> its ticket is to be completed with the call's outcome.</summary>
    public CallDecision? Decision { get; }

    /// <summary>Why the request was refused before evaluation (each problem names its member); empty otherwise.</summary>
    public IReadOnlyList<string> RequestProblems { get; init; } = [];

    /// <summary>The earliest moment a deferred call would pass.</summary>
    public DateTimeOffset? NotBefore => Decision?.NotBefore;

    /// <summary>The request as sent (with its client token), or as given when nothing was sent.</summary>
    public StartOutboundVoiceContactRequest Request { get; }

    /// <summary>The client token sent to Connect (null when nothing was sent).</summary>
    public string? ClientToken { get; init; }

    /// <summary>The caller ID that was evaluated: <c>SourcePhoneNumber</c>, or the queue's outbound caller ID (masked).</summary>
    public string? EvaluatedCallerId { get; init; }

    /// <summary>Connect's <c>ContactId</c> when <see cref="Status"/> is <see cref="ConnectSendStatus.Sent"/>.</summary>
    public string? ContactId { get; init; }

    /// <summary>How many requests went to Connect for this send (0 when nothing was sent).</summary>
    public int Attempts { get; init; }

    /// <summary>When the first attempt went out (the client token's 7 days run from here).</summary>
    public DateTimeOffset? FirstAttemptAt { get; init; }

    /// <summary>The last HTTP status received from Connect, when any.</summary>
    public int? HttpStatus { get; init; }

    /// <summary>The last error's type: Connect's error type without namespace (e.g. <c>DestinationNotAllowedException</c>),
    /// or the failure (<c>ConnectionError</c>, <c>NameResolutionError</c>, <c>Timeout</c>, <c>AmazonClientException</c>, ...).</summary>
    public string? ErrorCode { get; init; }

    /// <summary>The last error's message.</summary>
    public string? ErrorMessage { get; init; }

    /// <summary>The last error's <c>Reason</c>, when Connect gave one.</summary>
    public string? ErrorReason { get; init; }

    /// <summary>The last error's <c>x-amzn-RequestId</c>, when Connect gave one.</summary>
    public string? RequestId { get; init; }

    /// <summary>A one-line summary of the error (type, status, reason, message), or null.</summary>
    public string? Error => ErrorCode is null && RequestProblems.Count == 0 ? null
        : RequestProblems.Count > 0 ? string.Join("; ", RequestProblems)
        : $"{ErrorCode}{(HttpStatus is { } s ? $" ({s})" : string.Empty)}{(ErrorReason is null ? string.Empty : " reason " + ErrorReason)}: {ErrorMessage}";
}
