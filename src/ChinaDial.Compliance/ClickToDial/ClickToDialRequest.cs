namespace ChinaDial.Compliance;

/// <summary>One "call me back" request from a website.</summary>
/// <param name="Destination">The number to call back, as typed.</param>
/// <param name="ClientIp">The client IP, as the host saw it.</param>
/// <param name="IsAuthenticated">Whether the visitor is signed in.</param>
public sealed record ClickToDialRequest(string? Destination, string? ClientIp, bool IsAuthenticated);
