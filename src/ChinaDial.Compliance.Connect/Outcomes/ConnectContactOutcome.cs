using System;

namespace ChinaDial.Compliance.Connect;

/// <summary>
/// How a Connect contact went, read from an EventBridge "Amazon Connect Contact Event" or a <c>DescribeContact</c>
/// answer (<see cref="ConnectContactOutcomes"/>). Only a final outcome (<see cref="IsFinal"/>: the contact
/// disconnected) completes a ticket.
/// </summary>
/// <param name="ContactId">The contact id.</param>
/// <param name="IsFinal">Whether the contact has ended (a <c>DISCONNECTED</c> or <c>COMPLETED</c> event, or a <c>DisconnectTimestamp</c>).</param>
/// <param name="Answered">Whether a person answered: media was established (<c>connectedToSystemTimestamp</c>) and answering-machine detection, when it ran, did not find a machine, fax or tone.</param>
/// <param name="Duration">From the answer to the disconnect; zero when not answered.</param>
/// <param name="EndReason">How the call ended, for the ticket's outcome.</param>
public sealed record ConnectContactOutcome(string ContactId, bool IsFinal, bool Answered, TimeSpan Duration, CallEndReason EndReason)
{
    /// <summary>The event's <c>eventType</c> (e.g. <c>DISCONNECTED</c>); null for a <c>DescribeContact</c> answer.</summary>
    public string? EventType { get; init; }

    /// <summary>The contact's channel (<c>VOICE</c>, ...).</summary>
    public string? Channel { get; init; }

    /// <summary>How the contact was initiated (<c>API</c> for <c>StartOutboundVoiceContact</c>, <c>OUTBOUND</c> for an agent's dial, ...).</summary>
    public string? InitiationMethod { get; init; }

    /// <summary>Connect's disconnect reason, when given.</summary>
    public string? DisconnectReason { get; init; }

    /// <summary>The answering-machine detection status, when given.</summary>
    public string? AnsweringMachineDetectionStatus { get; init; }

    /// <summary>The outcome for <see cref="CallTicket.Complete"/>.</summary>
    /// <returns>The call outcome.</returns>
    public CallOutcome ToCallOutcome() => new(Answered, Duration, EndReason);
}
