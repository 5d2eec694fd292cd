using System;
using Microsoft.Extensions.Logging;

namespace ChinaDial.Compliance.Samples.Dialer;

/// <summary>The sample's log messages. Numbers appear only masked (<see cref="PhoneNumberInfo.ToMaskedString"/>).</summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Information, "Campaign {CampaignId}: {Count} calls from {Path}; state {Store}")]
    public static partial void Starting(ILogger logger, string campaignId, int count, string path, string store);

    [LoggerMessage(2, LogLevel.Information, "{Id}: dialling {Destination} from {CallerId}: simulated answered {Answered}, {Duration}")]
    public static partial void Dialling(ILogger logger, string id, string callerId, string destination, bool answered, TimeSpan duration);

    [LoggerMessage(3, LogLevel.Information, "{Id}: {Destination} denied ({Reasons}); skipped")]
    public static partial void Denied(ILogger logger, string id, string destination, string reasons);

    [LoggerMessage(4, LogLevel.Information, "{Id}: {Destination} deferred ({Reasons}); retrying at {NotBefore:O}")]
    public static partial void Deferred(ILogger logger, string id, string destination, string reasons, DateTimeOffset notBefore);

    [LoggerMessage(5, LogLevel.Information, "{Id}: {Destination} deferred ({Reasons}) until {NotBefore:O}, past this run; rescheduled")]
    public static partial void Rescheduled(ILogger logger, string id, string destination, string reasons, DateTimeOffset? notBefore);

    [LoggerMessage(6, LogLevel.Warning, "{Id}: {Destination} could not be placed ({Error}); ticket cancelled")]
    public static partial void DialFailed(ILogger logger, string id, string destination, string error);

    [LoggerMessage(7, LogLevel.Information, "Redis: {Status} ({Description})")]
    public static partial void RedisHealth(ILogger logger, string status, string? description);

    /// <summary>The masked form of a number as written, for logs.</summary>
    public static string Mask(string? number) => PhoneNumberClassifier.Classify(number).ToMaskedString();
}
