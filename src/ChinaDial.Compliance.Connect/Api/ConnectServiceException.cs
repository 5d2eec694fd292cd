using System;
using System.Net;
using Amazon.Runtime;

namespace ChinaDial.Compliance.Connect;

/// <summary>
/// An error answer from Amazon Connect, as <see cref="ConnectHttpApi"/> reads it: the error type without its namespace
/// (<see cref="AmazonServiceException.ErrorCode"/>, e.g. <c>LimitExceededException</c> for
/// <c>com.amazonaws.connect#LimitExceededException</c>), the message, the <c>Reason</c> when the body has one, the
/// <c>x-amzn-RequestId</c> (<see cref="AmazonServiceException.RequestId"/>) and the HTTP status.
/// </summary>
public sealed class ConnectServiceException : AmazonServiceException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">Connect's <c>Message</c> (or <c>message</c>).</param>
    /// <param name="errorCode">The error type without namespace.</param>
    /// <param name="reason">The body's <c>Reason</c>, when any.</param>
    /// <param name="requestId">The <c>x-amzn-RequestId</c> header.</param>
    /// <param name="statusCode">The HTTP status.</param>
    public ConnectServiceException(string message, string? errorCode, string? reason, string? requestId, HttpStatusCode statusCode)
        : base(message, (int)statusCode >= 500 ? ErrorType.Receiver : ErrorType.Sender, errorCode, requestId, statusCode)
    {
        Reason = reason;
    }

    /// <summary>Creates the exception.</summary>
    public ConnectServiceException()
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    public ConnectServiceException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public ConnectServiceException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The body's <c>Reason</c> (e.g. of an <c>InvalidRequestException</c>), when any.</summary>
    public string? Reason { get; }

    /// <inheritdoc/>
    public override string ToString() => $"{ErrorCode} ({(int)StatusCode}){(Reason is null ? string.Empty : " reason " + Reason)}: {Message} [request {RequestId}]";
}
