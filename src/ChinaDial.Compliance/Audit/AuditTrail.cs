using System;
using System.Collections.Generic;

namespace ChinaDial.Compliance;

/// <summary>Where an evaluator writes its audit records, and how it pseudonymizes the numbers in them.</summary>
public sealed class AuditTrail
{
    /// <summary>Creates an audit trail.</summary>
    /// <param name="sink">Where records go.</param>
    /// <param name="pseudonymizer">How numbers are hashed.</param>
    public AuditTrail(IAuditSink sink, NumberPseudonymizer pseudonymizer)
    {
        Sink = sink ?? throw new ArgumentNullException(nameof(sink));
        Pseudonymizer = pseudonymizer ?? throw new ArgumentNullException(nameof(pseudonymizer));
    }

    /// <summary>Where records go.</summary>
    public IAuditSink Sink { get; }

    /// <summary>How numbers are hashed.</summary>
    public NumberPseudonymizer Pseudonymizer { get; }

    internal AuditRecord Record(CallContext context, string @event, DateTimeOffset at, CallVerdict verdict, ReasonCodeSet reasons, ReasonCodeSet observed, DateTimeOffset? notBefore, IReadOnlyList<string> observing, CallOutcome? outcome)
        => new(
            context.TicketId,
            @event,
            at,
            verdict,
            reasons,
            observed,
            notBefore,
            context.Purpose,
            context.Call.CampaignId,
            context.Call.TenantId,
            context.CallerId.ToMaskedString(),
            Pseudonymizer.Hash(context.CallerId),
            context.Destination.ToMaskedString(),
            Pseudonymizer.Hash(context.Destination),
            observing,
            outcome);
}
