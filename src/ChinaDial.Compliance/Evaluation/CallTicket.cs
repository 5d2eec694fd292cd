using System;
using System.Threading;

namespace ChinaDial.Compliance;

/// <summary>
/// The handle of an allowed call. The dialer completes it with the outcome once the call ends
/// (<see cref="Complete"/>), or cancels it when it does not place the call after all (<see cref="Cancel"/>):
/// cancelling gives back the quota the call reserved. A ticket neither completed nor cancelled lapses at
/// <see cref="ExpiresAt"/>. Thread-safe; only the first of complete/cancel takes effect.
/// </summary>
public sealed class CallTicket
{
    private readonly OutboundCallEvaluator _evaluator;
    private int _state;

    internal CallTicket(OutboundCallEvaluator evaluator, CallContext context)
    {
        _evaluator = evaluator;
        Context = context;
    }

    /// <summary>The ticket's id (the decision's and audit record's id).</summary>
    public Guid Id => Context.TicketId;

    /// <summary>The call the ticket was issued for.</summary>
    public CallContext Context { get; }

    /// <summary>When the ticket lapses if neither completed nor cancelled.</summary>
    public DateTimeOffset ExpiresAt => Context.TicketExpiresAt;

    /// <summary>Where the ticket stands now.</summary>
    public CallTicketState State
    {
        get
        {
            var state = (CallTicketState)Volatile.Read(ref _state);
            return state == CallTicketState.Pending && _evaluator.TimeProvider.GetUtcNow() >= ExpiresAt
                ? CallTicketState.Expired
                : state;
        }
    }

    /// <summary>Reports that the call was placed and how it ended.</summary>
    /// <returns><see langword="true"/> when this call completed the ticket; <see langword="false"/> when it was
    /// already completed, cancelled or expired.</returns>
    public bool Complete(CallOutcome outcome)
    {
        var now = _evaluator.TimeProvider.GetUtcNow();
        if (now >= ExpiresAt || Interlocked.CompareExchange(ref _state, (int)CallTicketState.Completed, (int)CallTicketState.Pending) != (int)CallTicketState.Pending)
        {
            return false;
        }

        _evaluator.CompleteReservations(Context, outcome, now);
        _evaluator.AuditTicket(Context, AuditEvent.Outcome, now, outcome);
        return true;
    }

    /// <summary>Reports that the call was not placed; the quota it reserved is given back.</summary>
    /// <returns><see langword="true"/> when this call cancelled the ticket; <see langword="false"/> when it was
    /// already completed, cancelled or expired.</returns>
    public bool Cancel()
    {
        if (_evaluator.TimeProvider.GetUtcNow() >= ExpiresAt
            || Interlocked.CompareExchange(ref _state, (int)CallTicketState.Cancelled, (int)CallTicketState.Pending) != (int)CallTicketState.Pending)
        {
            return false;
        }

        _evaluator.ReleaseReservations(Context);
        _evaluator.AuditTicket(Context, AuditEvent.Cancelled, _evaluator.TimeProvider.GetUtcNow(), null);
        return true;
    }
}
