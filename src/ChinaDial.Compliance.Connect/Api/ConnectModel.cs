using System;
using System.Collections.Frozen;
using System.Collections.Generic;

namespace ChinaDial.Compliance.Connect;

/// <summary>
/// What this package uses of the Amazon Connect API model, transcribed by hand from botocore's
/// <c>botocore/data/connect/2017-08-08/service-2.json</c> (botocore 1.43.67, commit 0e6e2404b85dc336dd2889814e089bde7d1a4c55;
/// the file's last change 8c4dfd922ae494e8e279b0f43d5ba164bede0b28). The model file itself is not in this repository:
/// the test <c>ConnectModelTranscriptionTests</c> compares this class with it when <c>CHINADIAL_CONNECT_MODEL</c>
/// names a copy. Shape names are the model's.
/// </summary>
internal static class ConnectModel
{
    /// <summary>The model version the transcription was taken from.</summary>
    public const string Source = "botocore 1.43.67 (0e6e2404b85dc336dd2889814e089bde7d1a4c55) botocore/data/connect/2017-08-08/service-2.json";

    /// <summary>The signing name and endpoint prefix (<c>metadata.signingName</c>).</summary>
    public const string SigningName = "connect";

    /// <summary>One operation: its HTTP binding and the errors the model lists for it.</summary>
    public sealed record Operation(string Name, string Method, string RequestUri, IReadOnlyList<string> Errors);

    /// <summary>The length (or value) bounds and pattern of one string, integer or map member; null: unbounded.</summary>
    public sealed record Constraint(string Shape, int? Min, int? Max, string? Pattern = null);

    public static readonly Operation StartOutboundVoiceContact = new(
        "StartOutboundVoiceContact", "PUT", "/contact/outbound-voice",
        ["InvalidRequestException", "InvalidParameterException", "ResourceNotFoundException", "InternalServiceException", "LimitExceededException", "DestinationNotAllowedException", "OutboundContactNotPermittedException"]);

    public static readonly Operation DescribeQueue = new(
        "DescribeQueue", "GET", "/queues/{InstanceId}/{QueueId}",
        ["InvalidRequestException", "InvalidParameterException", "ResourceNotFoundException", "ThrottlingException", "InternalServiceException"]);

    public static readonly Operation DescribePhoneNumber = new(
        "DescribePhoneNumber", "GET", "/phone-number/{PhoneNumberId}",
        ["InvalidParameterException", "ResourceNotFoundException", "ThrottlingException", "InternalServiceException", "AccessDeniedException"]);

    public static readonly Operation ListPhoneNumbersV2 = new(
        "ListPhoneNumbersV2", "POST", "/phone-number/list",
        ["InvalidParameterException", "ResourceNotFoundException", "ThrottlingException", "InternalServiceException", "AccessDeniedException"]);

    public static readonly Operation ListQuickConnects = new(
        "ListQuickConnects", "GET", "/quick-connects/{InstanceId}",
        ["InvalidRequestException", "InvalidParameterException", "ResourceNotFoundException", "ThrottlingException", "InternalServiceException"]);

    public static readonly Operation DescribeQuickConnect = new(
        "DescribeQuickConnect", "GET", "/quick-connects/{InstanceId}/{QuickConnectId}",
        ["InvalidRequestException", "InvalidParameterException", "ResourceNotFoundException", "ThrottlingException", "InternalServiceException"]);

    public static readonly Operation DescribeContactFlow = new(
        "DescribeContactFlow", "GET", "/contact-flows/{InstanceId}/{ContactFlowId}",
        ["InvalidRequestException", "InvalidParameterException", "ResourceNotFoundException", "ContactFlowNotPublishedException", "ThrottlingException", "InternalServiceException"]);

    public static readonly Operation DescribeContact = new(
        "DescribeContact", "GET", "/contacts/{InstanceId}/{ContactId}",
        ["InvalidRequestException", "InvalidParameterException", "ResourceNotFoundException", "InternalServiceException", "ThrottlingException"]);

    public static IReadOnlyList<Operation> Operations { get; } =
        [StartOutboundVoiceContact, DescribeQueue, DescribePhoneNumber, ListPhoneNumbersV2, ListQuickConnects, DescribeQuickConnect, DescribeContactFlow, DescribeContact];

    /// <summary>Every error shape used above and its HTTP status (<c>error.httpStatusCode</c>).</summary>
    public static FrozenDictionary<string, int> ErrorStatus { get; } = new Dictionary<string, int>(StringComparer.Ordinal)
    {
        ["InvalidRequestException"] = 400,
        ["InvalidParameterException"] = 400,
        ["ResourceNotFoundException"] = 404,
        ["ContactFlowNotPublishedException"] = 404,
        ["InternalServiceException"] = 500,
        ["LimitExceededException"] = 429,
        ["ThrottlingException"] = 429,
        ["DestinationNotAllowedException"] = 403,
        ["OutboundContactNotPermittedException"] = 403,
        ["AccessDeniedException"] = 403,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The members of <c>StartOutboundVoiceContactRequest</c>, in the model's order.</summary>
    public static IReadOnlyList<string> StartOutboundVoiceContactMembers { get; } =
    [
        "Name", "Description", "References", "RelatedContactId", "DestinationPhoneNumber", "ContactFlowId", "InstanceId", "ClientToken",
        "SourcePhoneNumber", "QueueId", "Attributes", "AnswerMachineDetectionConfig", "CampaignId", "TrafficType", "OutboundStrategy", "RingTimeoutInSeconds",
    ];

    /// <summary>The required members of <c>StartOutboundVoiceContactRequest</c>.</summary>
    public static IReadOnlyList<string> StartOutboundVoiceContactRequired { get; } = ["DestinationPhoneNumber", "ContactFlowId", "InstanceId"];

    // The model writes the E.164 pattern as "\\+[1-9]\\d{1,14}$" (doubly escaped in the JSON); it means a '+', a
    // non-zero digit and 1 to 14 more digits. Connect anchors it at the start as well.
    public static readonly Constraint PhoneNumber = new("PhoneNumber", null, null, @"^\+[1-9]\d{1,14}$");
    public static readonly Constraint Name = new("Name", 0, 1024);
    public static readonly Constraint Description = new("Description", 0, 4096);
    public static readonly Constraint ContactId = new("ContactId", 1, 256);
    public static readonly Constraint ContactFlowId = new("ContactFlowId", null, 500);
    public static readonly Constraint InstanceId = new("InstanceId", 1, 100);
    public static readonly Constraint ClientToken = new("ClientToken", null, 500);
    public static readonly Constraint CampaignId = new("CampaignId", 1, 100);
    public static readonly Constraint RingTimeoutInSeconds = new("RingTimeoutInSeconds", 15, 60);
    public static readonly Constraint AttributeName = new("AttributeName", 1, 32767);
    public static readonly Constraint AttributeValue = new("AttributeValue", 0, 32767);
    public static readonly Constraint ReferenceKey = new("ReferenceKey", 1, 4096);
    public static readonly Constraint ReferenceValue = new("ReferenceValue", 0, 4096);
    public static readonly Constraint ReferenceArn = new("ReferenceArn", 20, 256, "^[-:/A-Za-z0-9]+");
    public static readonly Constraint ReferenceStatusReason = new("ReferenceStatusReason", 0, 100);
    public static readonly Constraint MaxResult1000 = new("MaxResult1000", 1, 1000);
    public static readonly Constraint LargeNextToken = new("LargeNextToken", 1, 100000);

    public static IReadOnlyList<Constraint> Constraints { get; } =
    [
        PhoneNumber, Name, Description, ContactId, ContactFlowId, InstanceId, ClientToken, CampaignId, RingTimeoutInSeconds,
        AttributeName, AttributeValue, ReferenceKey, ReferenceValue, ReferenceArn, ReferenceStatusReason, MaxResult1000, LargeNextToken,
    ];

    /// <summary>The documented size of all attributes of one contact ("up to 32,768 UTF-8 bytes across all key-value
    /// pairs per contact", the <c>Attributes</c> member's documentation) and its key characters ("alphanumeric, dash,
    /// and underscore").</summary>
    public const int AttributesMaxUtf8Bytes = 32768;

    public static IReadOnlyList<string> TrafficType { get; } = ["GENERAL", "CAMPAIGN"];

    public static IReadOnlyList<string> OutboundStrategyType { get; } = ["AGENT_FIRST"];

    public static IReadOnlyList<string> ReferenceType { get; } =
        ["URL", "ATTACHMENT", "CONTACT_ANALYSIS", "NUMBER", "STRING", "DATE", "EMAIL", "EMAIL_MESSAGE", "EMAIL_MESSAGE_PLAIN_TEXT", "EMAIL_MESSAGE_PLAIN_TEXT_REDACTED", "EMAIL_MESSAGE_REDACTED"];

    /// <summary>The reference types a voice contact may be created with (the <c>References</c> member's documentation:
    /// "URL | NUMBER | STRING | DATE | EMAIL. ATTACHMENT is not a supported reference type during voice contact creation").</summary>
    public static IReadOnlyList<string> VoiceReferenceType { get; } = ["URL", "NUMBER", "STRING", "DATE", "EMAIL"];

    public static IReadOnlyList<string> ReferenceStatus { get; } = ["AVAILABLE", "DELETED", "APPROVED", "REJECTED", "PROCESSING", "FAILED"];

    public static IReadOnlyList<string> PhoneNumberType { get; } = ["TOLL_FREE", "DID", "UIFN", "SHARED", "THIRD_PARTY_TF", "THIRD_PARTY_DID", "SHORT_CODE"];

    public static IReadOnlyList<string> QuickConnectType { get; } = ["USER", "QUEUE", "PHONE_NUMBER", "FLOW"];

    public static IReadOnlyList<string> ContactFlowType { get; } =
        ["CONTACT_FLOW", "CUSTOMER_QUEUE", "CUSTOMER_HOLD", "CUSTOMER_WHISPER", "AGENT_HOLD", "AGENT_WHISPER", "OUTBOUND_WHISPER", "AGENT_TRANSFER", "QUEUE_TRANSFER", "CAMPAIGN"];

    /// <summary>The idempotency window of <c>ClientToken</c> (the member's documentation: "The token is valid for 7 days after creation").</summary>
    public static readonly TimeSpan ClientTokenValidity = TimeSpan.FromDays(7);
}
