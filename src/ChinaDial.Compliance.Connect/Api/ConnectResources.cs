using System.Collections.Generic;

namespace ChinaDial.Compliance.Connect;

/// <summary>One page of a paginated Connect list.</summary>
/// <typeparam name="T">The item type.</typeparam>
/// <param name="Items">The page's items.</param>
/// <param name="NextToken">The token of the next page (<c>NextToken</c>); null on the last page.</param>
public sealed record ConnectPage<T>(IReadOnlyList<T> Items, string? NextToken);

/// <summary>What this package reads of a queue (<c>DescribeQueue</c>'s <c>Queue</c>).</summary>
/// <param name="QueueId">The queue id.</param>
/// <param name="OutboundCallerIdNumberId">The <c>OutboundCallerConfig.OutboundCallerIdNumberId</c>: the id of the number the queue presents, or null when none is set.</param>
public sealed record ConnectQueueDescription(string? QueueId, string? OutboundCallerIdNumberId);

/// <summary>A claimed phone number (<c>ListPhoneNumbersSummary</c> or <c>ClaimedPhoneNumberSummary</c>).</summary>
/// <param name="PhoneNumberId">The id.</param>
/// <param name="PhoneNumber">The number in E.164.</param>
/// <param name="PhoneNumberType">The type: <c>TOLL_FREE</c>, <c>DID</c>, <c>UIFN</c>, <c>SHARED</c>, <c>THIRD_PARTY_TF</c>, <c>THIRD_PARTY_DID</c>, <c>SHORT_CODE</c>.</param>
/// <param name="PhoneNumberCountryCode">The ISO country code.</param>
public sealed record ConnectPhoneNumber(string? PhoneNumberId, string? PhoneNumber, string? PhoneNumberType, string? PhoneNumberCountryCode)
{
    /// <summary>The instance or traffic distribution group it is claimed to (<c>TargetArn</c>).</summary>
    public string? TargetArn { get; init; }

    /// <summary>The instance (<c>InstanceId</c>).</summary>
    public string? InstanceId { get; init; }
}

/// <summary>A quick connect in a list (<c>QuickConnectSummary</c>).</summary>
/// <param name="Id">The id.</param>
/// <param name="Name">The name.</param>
/// <param name="QuickConnectType">The type: <c>USER</c>, <c>QUEUE</c>, <c>PHONE_NUMBER</c>, <c>FLOW</c>.</param>
public sealed record ConnectQuickConnectSummary(string? Id, string? Name, string? QuickConnectType);

/// <summary>A quick connect (<c>DescribeQuickConnect</c>'s <c>QuickConnect</c>).</summary>
/// <param name="QuickConnectId">The id.</param>
/// <param name="Name">The name.</param>
/// <param name="QuickConnectType">The type (<c>QuickConnectConfig.QuickConnectType</c>).</param>
public sealed record ConnectQuickConnect(string? QuickConnectId, string? Name, string? QuickConnectType)
{
    /// <summary>The number of a <c>PHONE_NUMBER</c> quick connect (<c>PhoneConfig.PhoneNumber</c>).</summary>
    public string? PhoneNumber { get; init; }

    /// <summary>The flow it runs (<c>QueueConfig</c>, <c>UserConfig</c> or <c>FlowConfig</c>'s <c>ContactFlowId</c>).</summary>
    public string? ContactFlowId { get; init; }

    /// <summary>The queue of a <c>QUEUE</c> quick connect.</summary>
    public string? QueueId { get; init; }

    /// <summary>The user of a <c>USER</c> quick connect.</summary>
    public string? UserId { get; init; }
}

/// <summary>A contact flow (<c>DescribeContactFlow</c>'s <c>ContactFlow</c>).</summary>
/// <param name="Id">The id.</param>
/// <param name="Name">The name.</param>
/// <param name="Type">The type, e.g. <c>QUEUE_TRANSFER</c> (a "Transfer to queue" flow), <c>CONTACT_FLOW</c>.</param>
/// <param name="Content">The flow-language JSON (<c>Content</c>).</param>
public sealed record ConnectContactFlow(string? Id, string? Name, string? Type, string? Content);
