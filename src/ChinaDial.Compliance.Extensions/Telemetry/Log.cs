using System;
using Microsoft.Extensions.Logging;

namespace ChinaDial.Compliance.Telemetry;

/// <summary>The SDK's log messages, source-generated. Numbers appear masked and hashed, never raw.</summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Debug, "Call {DecisionId} allowed: {CallerId} -> {Destination} ({DestinationHash}), {Purpose}, campaign {CampaignId}")]
    public static partial void CallAllowed(ILogger logger, Guid decisionId, string callerId, string destination, string destinationHash, CallPurpose purpose, string? campaignId);

    [LoggerMessage(2, LogLevel.Information, "Call {DecisionId} {Verdict}: {Reasons}; {CallerId} -> {Destination} ({DestinationHash}), {Purpose}, campaign {CampaignId}, not before {NotBefore}")]
    public static partial void CallRefused(ILogger logger, Guid decisionId, string verdict, string reasons, string callerId, string destination, string destinationHash, CallPurpose purpose, string? campaignId, DateTimeOffset? notBefore);

    [LoggerMessage(3, LogLevel.Warning, "Call {DecisionId} denied because a policy or store failed (fail closed): {Reasons}; {Destination} ({DestinationHash})")]
    public static partial void PolicyFailed(ILogger logger, Guid decisionId, string reasons, string destination, string destinationHash);

    [LoggerMessage(4, LogLevel.Debug, "Call {DecisionId} {Event}: answered {Answered}, {DurationSeconds} s")]
    public static partial void TicketEnded(ILogger logger, Guid decisionId, string @event, bool? answered, double? durationSeconds);
}
