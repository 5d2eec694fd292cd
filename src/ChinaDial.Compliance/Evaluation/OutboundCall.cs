using System;

namespace ChinaDial.Compliance;

/// <summary>
/// A call the dialer is about to place. Numbers are given as strings in E.164 form (<c>+8613800138000</c>;
/// spaces, hyphens, dots and parentheses between digits are tolerated); the evaluator parses them once.
/// Malformed numbers are not errors: they give a deny with <see cref="ReasonCode.InvalidCallerId"/> or
/// <see cref="ReasonCode.InvalidDestination"/>.
/// </summary>
/// <param name="CallerId">The number presented to the callee.</param>
/// <param name="Destination">The number to call.</param>
/// <param name="Purpose">Why the call is placed.</param>
public sealed record OutboundCall(string? CallerId, string? Destination, CallPurpose Purpose)
{
    /// <summary>The campaign the call belongs to, for audit and per-campaign reporting.</summary>
    public string? CampaignId { get; init; }

    /// <summary>The tenant (customer of the dialer) the call belongs to.</summary>
    public string? TenantId { get; init; }

    /// <summary>The IP address of the client that requested the call (click-to-dial).</summary>
    public string? ClientIp { get; init; }

    /// <summary>
    /// When the dialer intends to place the call. Time-dependent rules judge the call at this instant when it lies
    /// in the future; a missing or past value means now (the evaluator's <see cref="TimeProvider"/>).
    /// </summary>
    public DateTimeOffset? RequestedAt { get; init; }
}
