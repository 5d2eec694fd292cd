namespace ChinaDial.Compliance.Connect;

/// <summary>Connect's answer to one send attempt.</summary>
/// <param name="HttpStatus">The HTTP status (200 on success, 429 throttled, 4xx refused, 5xx may have been placed).</param>
/// <param name="ContactId">The <c>ContactId</c> on success.</param>
/// <param name="ErrorType">Connect's error type (e.g. <c>TooManyRequestsException</c>) on failure.</param>
public readonly record struct ConnectResponse(int HttpStatus, string? ContactId, string? ErrorType = null)
{
    /// <summary>Whether Connect throttled the request (HTTP 429 or <c>TooManyRequestsException</c>): nothing was placed, retrying is safe.</summary>
    public bool IsThrottled => HttpStatus == 429 || ErrorType == "TooManyRequestsException";
}
