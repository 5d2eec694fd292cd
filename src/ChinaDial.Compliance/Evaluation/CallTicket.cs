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
    private readonly ICallTicketOwner _owner;
    private int _state;

    /// <summary>The evaluator's running tally for the call; written only by the evaluator, while it evaluates.</summary>
#pragma warning disable CA1051 // A mutable struct field on purpose: the evaluator updates the tally in place, without a second object per call.
    internal EvaluationState Evaluation;
#pragma warning restore CA1051

    internal CallTicket(ICallTicketOwner owner, CallContext context)
    {
        _owner = owner;
        Evaluation = new EvaluationState(context);
    }

    /// <summary>The ticket's id (the decision's and audit record's id).</summary>
    public Guid Id => Context.TicketId;

    /// <summary>The call the ticket was issued for.</summary>
    public CallContext Context => Evaluation.Context;

    /// <summary>When the ticket lapses if neither completed nor cancelled.</summary>
    public DateTimeOffset ExpiresAt => Context.TicketExpiresAt;

    /// <summary>Where the ticket stands now.</summary>
    public CallTicketState State
    {
        get
        {
            var state = (CallTicketState)Volatile.Read(ref _state);
            return state == CallTicketState.Pending && _owner.TimeProvider.GetUtcNow() >= ExpiresAt
                ? CallTicketState.Expired
                : state;
        }
    }

    /// <summary>Reports that the call was placed and how it ended.</summary>
    /// <returns><see langword="true"/> when this call completed the ticket; <see langword="false"/> when it was
    /// already completed, cancelled or expired.</returns>
    public bool Complete(CallOutcome outcome)
    {
        var now = _owner.TimeProvider.GetUtcNow();
        if (now >= ExpiresAt || Interlocked.CompareExchange(ref _state, (int)CallTicketState.Completed, (int)CallTicketState.Pending) != (int)CallTicketState.Pending)
        {
            return false;
        }

        _owner.Completed(this, outcome, now);
        return true;
    }

    /// <summary>Reports that the call was not placed; the quota it reserved is given back.</summary>
    /// <returns><see langword="true"/> when this call cancelled the ticket; <see langword="false"/> when it was
    /// already completed, cancelled or expired.</returns>
    public bool Cancel()
    {
        if (_owner.TimeProvider.GetUtcNow() >= ExpiresAt
            || Interlocked.CompareExchange(ref _state, (int)CallTicketState.Cancelled, (int)CallTicketState.Pending) != (int)CallTicketState.Pending)
        {
            return false;
        }

        _owner.Cancelled(this);
        return true;
    }
}
