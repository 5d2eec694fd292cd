using System.Collections.Generic;

namespace ChinaDial.Compliance.Connect;

/// <summary>
/// Amazon Connect's <c>StartOutboundVoiceContact</c> request (every member of the API model's
/// <c>StartOutboundVoiceContactRequest</c>), plus what the compliance evaluator needs: the call's
/// <see cref="Purpose"/> (required: there is no default) and an optional tenant. Members are checked locally against
/// the model's constraints before anything is evaluated or sent; a request that breaks one is refused
/// (<see cref="ConnectSendStatus.Denied"/> with <see cref="ConnectSendResult.RequestProblems"/>).
/// </summary>
/// <param name="InstanceId">The Amazon Connect instance id (<c>InstanceId</c>, 1–100 characters).</param>
/// <param name="ContactFlowId">The contact flow id (<c>ContactFlowId</c>, at most 500 characters).</param>
/// <param name="DestinationPhoneNumber">The callee in E.164 (<c>DestinationPhoneNumber</c>).</param>
public sealed record StartOutboundVoiceContactRequest(string InstanceId, string ContactFlowId, string DestinationPhoneNumber)
{
    /// <summary>Why the call is made. Required: a marketing call needs consent, and a missing purpose must not pass as a service call.</summary>
    public required CallPurpose Purpose { get; init; }

    /// <summary>The caller ID (<c>SourcePhoneNumber</c>, E.164). With a <see cref="QueueId"/> as well, it must be the
    /// queue's outbound caller ID (Connect displays the queue's number); otherwise the request is refused.</summary>
    public string? SourcePhoneNumber { get; init; }

    /// <summary>The queue (<c>QueueId</c>). Connect presents the queue's outbound caller ID; the guarded sender looks
    /// it up (<c>DescribeQueue</c>, <c>DescribePhoneNumber</c>) and evaluates that number.</summary>
    public string? QueueId { get; init; }

    /// <summary>Contact attributes (<c>Attributes</c>): keys of letters, digits, '-' and '_', at most 32,768 UTF-8 bytes in all.</summary>
    public IReadOnlyDictionary<string, string>? Attributes { get; init; }

    /// <summary>The idempotency token (<c>ClientToken</c>, at most 500 characters, valid for 7 days); when null the
    /// sender uses the decision id, so every retry and every resume of one send carries the same token.</summary>
    public string? ClientToken { get; init; }

    /// <summary>The outbound campaign (<c>CampaignId</c>, 1–100 characters): sent to Connect, and the evaluator's campaign.</summary>
    public string? CampaignId { get; init; }

    /// <summary>Optional tenant id, passed to the evaluator only.</summary>
    public string? TenantId { get; init; }

    /// <summary>The contact's name shown in the agent's CCP (<c>Name</c>, at most 1,024 characters).</summary>
    public string? Name { get; init; }

    /// <summary>The contact's description (<c>Description</c>, at most 4,096 characters).</summary>
    public string? Description { get; init; }

    /// <summary>References shown in the CCP (<c>References</c>): types URL, NUMBER, STRING, DATE or EMAIL for a voice contact.</summary>
    public IReadOnlyDictionary<string, ConnectReference>? References { get; init; }

    /// <summary>A contact this one is linked to (<c>RelatedContactId</c>, 1–256 characters).</summary>
    public string? RelatedContactId { get; init; }

    /// <summary>Answering-machine detection (<c>AnswerMachineDetectionConfig</c>); enabling it needs <see cref="TrafficType"/> <c>CAMPAIGN</c>.</summary>
    public ConnectAnswerMachineDetectionConfig? AnswerMachineDetectionConfig { get; init; }

    /// <summary>The class of traffic (<c>TrafficType</c>): <c>GENERAL</c> (Connect's default) or <c>CAMPAIGN</c>.</summary>
    public string? TrafficType { get; init; }

    /// <summary>The outbound strategy (<c>OutboundStrategy</c>).</summary>
    public ConnectOutboundStrategy? OutboundStrategy { get; init; }

    /// <summary>How long the call rings before it fails (<c>RingTimeoutInSeconds</c>, 15–60; Connect's default 60).</summary>
    public int? RingTimeoutInSeconds { get; init; }
}

/// <summary>One contact reference (the model's <c>Reference</c>).</summary>
/// <param name="Type">The type (<c>Type</c>): <c>URL</c>, <c>NUMBER</c>, <c>STRING</c>, <c>DATE</c> or <c>EMAIL</c> for a voice contact.</param>
/// <param name="Value">The value (<c>Value</c>, at most 4,096 characters).</param>
public sealed record ConnectReference(string Type, string? Value)
{
    /// <summary>The status (<c>Status</c>), when given.</summary>
    public string? Status { get; init; }

    /// <summary>The ARN (<c>Arn</c>, 20–256 characters of letters, digits, '-', ':' and '/').</summary>
    public string? Arn { get; init; }

    /// <summary>The status reason (<c>StatusReason</c>, at most 100 characters).</summary>
    public string? StatusReason { get; init; }
}

/// <summary>The model's <c>AnswerMachineDetectionConfig</c>.</summary>
/// <param name="EnableAnswerMachineDetection">Whether Connect detects answering machines (needs <c>TrafficType</c> <c>CAMPAIGN</c>).</param>
/// <param name="AwaitAnswerMachinePrompt">Whether Connect waits for the machine's prompt to end.</param>
public sealed record ConnectAnswerMachineDetectionConfig(bool? EnableAnswerMachineDetection, bool? AwaitAnswerMachinePrompt = null);

/// <summary>The model's <c>OutboundStrategy</c>.</summary>
/// <param name="Type">The strategy (<c>Type</c>): <c>AGENT_FIRST</c>.</param>
public sealed record ConnectOutboundStrategy(string Type)
{
    /// <summary>The agent-first preview settings (<c>Config.AgentFirst.Preview</c>), when given.</summary>
    public ConnectAgentFirstPreview? AgentFirstPreview { get; init; }
}

/// <summary>The model's <c>Preview</c> of an agent-first strategy.</summary>
/// <param name="PostAcceptTimeoutSeconds"><c>PostAcceptTimeoutConfig.DurationInSeconds</c> (0 or more).</param>
/// <param name="AllowedUserActions"><c>AllowedUserActions</c>: <c>CALL</c>, <c>DISCARD</c>.</param>
public sealed record ConnectAgentFirstPreview(int PostAcceptTimeoutSeconds, IReadOnlyList<string> AllowedUserActions);
