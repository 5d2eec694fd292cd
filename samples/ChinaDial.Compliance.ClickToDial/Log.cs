using System;
using Microsoft.Extensions.Logging;

namespace ChinaDial.Compliance.Samples.ClickToDial;

/// <summary>The sample's log messages. Numbers appear only masked (<see cref="PhoneNumberInfo.ToMaskedString"/>).</summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Information, "Callback to {Destination} accepted; queued for Connect")]
    public static partial void Accepted(ILogger logger, string destination);

    [LoggerMessage(2, LogLevel.Warning, "Callback to {Destination} shadow-accepted ({Reasons}); answered as accepted, not dialled")]
    public static partial void ShadowAccepted(ILogger logger, string destination, string reasons);

    [LoggerMessage(3, LogLevel.Information, "Callback to {Destination} deflected to {Channel}")]
    public static partial void Deflected(ILogger logger, string destination, string? channel);

    [LoggerMessage(4, LogLevel.Information, "Callback to {Destination} rejected ({Reasons})")]
    public static partial void Rejected(ILogger logger, string destination, string reasons);

    [LoggerMessage(5, LogLevel.Information, "Callback to {Destination} placed: contact {ContactId}")]
    public static partial void Placed(ILogger logger, string destination, string? contactId);

    [LoggerMessage(6, LogLevel.Information, "Callback to {Destination} deferred ({Reasons}) until {NotBefore:O}")]
    public static partial void Deferred(ILogger logger, string destination, string reasons, DateTimeOffset? notBefore);

    [LoggerMessage(7, LogLevel.Warning, "Callback to {Destination} not placed: {Status} ({Reasons}{Error})")]
    public static partial void NotPlaced(ILogger logger, string destination, string status, string reasons, string error);

    [LoggerMessage(8, LogLevel.Warning, "Callback to {Destination} may have been placed ({Error}); its slot is kept until it lapses")]
    public static partial void Unknown(ILogger logger, string destination, string? error);

    [LoggerMessage(9, LogLevel.Warning, "Callback to {Destination} dropped: the dispatch queue is full")]
    public static partial void QueueFull(ILogger logger, string destination);

    [LoggerMessage(10, LogLevel.Information, "Contact {ContactId} to {Destination} ended (answered {Answered}, {Duration}); ticket {Applied}")]
    public static partial void ContactEnded(ILogger logger, string contactId, string destination, bool answered, TimeSpan duration, string applied);

    [LoggerMessage(11, LogLevel.Warning, "Contact event refused: {Error}")]
    public static partial void ContactEventRefused(ILogger logger, string? error);

    /// <summary>The masked form of a number as typed, for logs.</summary>
    public static string Mask(string? number) => PhoneNumberClassifier.Classify(number).ToMaskedString();
}
