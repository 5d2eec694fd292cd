using System;

namespace ChinaDial.Compliance;

/// <summary>The guard's answer to one request.</summary>
public readonly record struct ClickToDialResult
{
    internal ClickToDialResult(ClickToDialOutcome outcome, ReasonCodeSet reasons, string? channel, Guid callbackId)
    {
        Outcome = outcome;
        Reasons = reasons;
        Channel = channel;
        CallbackId = callbackId;
    }

    /// <summary>The outcome.</summary>
    public ClickToDialOutcome Outcome { get; }

    /// <summary>Why (internal: never show these for a shadow-accepted request).</summary>
    public ReasonCodeSet Reasons { get; }

    /// <summary>The channel offered when <see cref="Outcome"/> is <see cref="ClickToDialOutcome.Deflected"/>.</summary>
    public string? Channel { get; }

    /// <summary>The pending callback's id when accepted (pass it to <see cref="ClickToDialGuard.CompleteCallbackAsync"/>); empty otherwise.</summary>
    public Guid CallbackId { get; }

    /// <summary>Whether the host should place the call.</summary>
    public bool ShouldDial => Outcome == ClickToDialOutcome.Accepted;
}
