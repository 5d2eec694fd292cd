using System;
using System.IO;
using System.Net.Http;
using System.Net.Sockets;
using System.Security.Authentication;
using Amazon.Runtime;

namespace ChinaDial.Compliance.Connect;

/// <summary>What one failed attempt means for the call.</summary>
internal enum ConnectFailureKind
{
    /// <summary>Connect placed nothing and retrying will not help (credentials, DNS, refused connection, a client error).</summary>
    NotSent = 0,

    /// <summary>Connect placed nothing but asks to slow down (429 <c>LimitExceededException</c>/<c>ThrottlingException</c>): retry.</summary>
    Throttled = 1,

    /// <summary>The request may have been received (5xx, timeout, connection lost mid-answer): retry with the same token.</summary>
    MaybeSentRetryable = 2,

    /// <summary>The request may have been received and the failure is not one to retry blindly (an unexpected exception).</summary>
    MaybeSent = 3,
}

/// <summary>One classified failure: its kind and what the result reports.</summary>
internal readonly record struct ConnectFailure(ConnectFailureKind Kind, int? HttpStatus, string ErrorCode, string Message, string? Reason, string? RequestId)
{
    public static ConnectFailure Classify(Exception error)
    {
        switch (error)
        {
            case ConnectServiceException connect:
                return FromStatus((int)connect.StatusCode, connect.ErrorCode, connect.Message, connect.Reason, connect.RequestId);
            case AmazonServiceException service when (int)service.StatusCode >= 400:
                // The AWS SDK's modelled exceptions (e.g. Amazon.Connect.Model.DestinationNotAllowedException) carry the
                // status and the error code; a handler wrapping IAmazonConnect throws them as they are.
                return FromStatus((int)service.StatusCode, service.ErrorCode ?? service.GetType().Name, service.Message, null, service.RequestId);
            case AmazonServiceException service when service.InnerException is { } inner:
                return Classify(inner) with { Message = service.Message + " (" + inner.Message + ")" };
            case AmazonServiceException service:
                return new(ConnectFailureKind.MaybeSent, null, service.ErrorCode ?? service.GetType().Name, service.Message, null, service.RequestId);
            case AmazonClientException client when client.InnerException is { } inner && IsNetwork(inner):
                return Classify(inner);
            case AmazonClientException client:
                // Raised by the SDK on the client side before a request goes out: no credentials found, bad configuration.
                return new(ConnectFailureKind.NotSent, null, client.GetType().Name, client.Message, null, null);
            case HttpRequestException http:
                return FromHttp(http);
            case SocketException socket:
                return FromSocket(socket, socket.Message);
            case AuthenticationException tls:
                return new(ConnectFailureKind.NotSent, null, "TlsHandshakeFailed", tls.Message, null, null);
            case TimeoutException or OperationCanceledException:
                return new(ConnectFailureKind.MaybeSentRetryable, null, "Timeout", error.Message, null, null);
            case IOException io:
                return new(ConnectFailureKind.MaybeSentRetryable, null, "ConnectionLost", io.Message, null, null);
            default:
                return new(ConnectFailureKind.MaybeSent, null, error.GetType().Name, error.Message, null, null);
        }
    }

    private static ConnectFailure FromStatus(int status, string? code, string message, string? reason, string? requestId)
    {
        code ??= "HttpStatus" + status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var kind = status == 429 || code is "LimitExceededException" or "ThrottlingException" or "TooManyRequestsException" ? ConnectFailureKind.Throttled
            : status >= 500 ? ConnectFailureKind.MaybeSentRetryable
            : status >= 400 ? ConnectFailureKind.NotSent
            : ConnectFailureKind.MaybeSent;   // a 2xx without a contact id: something was accepted, we cannot tell what
        return new(kind, status, code, message, reason, requestId);
    }

    private static ConnectFailure FromHttp(HttpRequestException http)
    {
        if (http.InnerException is SocketException socket)
        {
            return FromSocket(socket, http.Message);
        }

        return http.HttpRequestError switch
        {
            // Failed while connecting: the request was never written.
            HttpRequestError.NameResolutionError => new(ConnectFailureKind.NotSent, null, "NameResolutionError", http.Message, null, null),
            HttpRequestError.ConnectionError => new(ConnectFailureKind.NotSent, null, "ConnectionError", http.Message, null, null),
            HttpRequestError.SecureConnectionError => new(ConnectFailureKind.NotSent, null, "SecureConnectionError", http.Message, null, null),
            HttpRequestError.ProxyTunnelError => new(ConnectFailureKind.NotSent, null, "ProxyTunnelError", http.Message, null, null),
            // The request went out; the answer did not come back whole.
            _ => new(ConnectFailureKind.MaybeSentRetryable, null, http.HttpRequestError.ToString(), http.Message, null, null),
        };
    }

    private static ConnectFailure FromSocket(SocketException socket, string message) => socket.SocketErrorCode switch
    {
        SocketError.ConnectionRefused or SocketError.HostNotFound or SocketError.HostUnreachable or SocketError.NetworkUnreachable
            or SocketError.TryAgain or SocketError.NoData or SocketError.AddressNotAvailable or SocketError.AccessDenied
            => new(ConnectFailureKind.NotSent, null, socket.SocketErrorCode.ToString(), message, null, null),
        _ => new(ConnectFailureKind.MaybeSentRetryable, null, socket.SocketErrorCode.ToString(), message, null, null),
    };

    private static bool IsNetwork(Exception error) => error is HttpRequestException or SocketException or IOException or TimeoutException or OperationCanceledException;
}
