using System.Collections.Generic;

namespace ChinaDial.Compliance.Connect;

/// <summary>Our model of Amazon Connect's <c>StartOutboundVoiceContact</c> request, plus what the compliance evaluator needs.</summary>
/// <param name="InstanceId">The Amazon Connect instance id (<c>InstanceId</c>).</param>
/// <param name="ContactFlowId">The contact flow id (<c>ContactFlowId</c>).</param>
/// <param name="DestinationPhoneNumber">The callee in E.164 (<c>DestinationPhoneNumber</c>).</param>
public sealed record StartOutboundVoiceContactRequest(string InstanceId, string ContactFlowId, string DestinationPhoneNumber)
{
    /// <summary>The caller ID (<c>SourcePhoneNumber</c>); when null, Connect uses the queue's outbound caller ID, which must then be given as <see cref="CallerIdForEvaluation"/>.</summary>
    public string? SourcePhoneNumber { get; init; }

    /// <summary>The queue (<c>QueueId</c>) whose outbound caller ID is used when <see cref="SourcePhoneNumber"/> is null.</summary>
    public string? QueueId { get; init; }

    /// <summary>The caller ID the evaluator checks when <see cref="SourcePhoneNumber"/> is null (the queue's outbound caller ID).</summary>
    public string? CallerIdForEvaluation { get; init; }

    /// <summary>Contact attributes (<c>Attributes</c>).</summary>
    public IReadOnlyDictionary<string, string>? Attributes { get; init; }

    /// <summary>The idempotency token (<c>ClientToken</c>); when null the sender uses the decision id, so every retry of one send carries the same token.</summary>
    public string? ClientToken { get; init; }

    /// <summary>Why the call is made.</summary>
    public CallPurpose Purpose { get; init; } = CallPurpose.Service;

    /// <summary>Optional campaign id, passed to the evaluator.</summary>
    public string? CampaignId { get; init; }

    /// <summary>Optional tenant id, passed to the evaluator.</summary>
    public string? TenantId { get; init; }
}
