namespace ChinaDial.Compliance;

/// <summary>What the host knows about a client IP (from its IP-intelligence provider).</summary>
/// <param name="IsAnonymous">Anonymous proxy, VPN, Tor exit or hosting/data-centre address.</param>
/// <param name="CountryCode">The IP's country (ISO 3166 alpha-2), or null when unknown.</param>
public readonly record struct IpRisk(bool IsAnonymous, string? CountryCode);
