using System;
using System.Collections.Generic;
using ChinaDial.Compliance.Cli.Input;

namespace ChinaDial.Compliance.Cli.Replay;

/// <summary>
/// Replays calls through the evaluator on a virtual clock: the clock moves to each call's <c>at</c>; a call with
/// an outcome (<c>answered</c>, <c>duration_s</c>) completes its ticket at <c>at + duration_s</c>, in time order
/// with the calls, so rate limits, concurrency and caller-ID health see what a live dialer would.
/// </summary>
internal sealed class CallReplay
{
    private readonly OutboundCallEvaluator _evaluator;
    private readonly ReplayClock _clock;
    private readonly CallerIdHealthMonitor _health;
    private readonly PriorityQueue<(CallTicket Ticket, CallOutcome Outcome), DateTimeOffset> _completions = new();

    public CallReplay(ChinaDialComplianceOptions options, IConsentStore? consents = null)
    {
        _clock = new ReplayClock();
        _health = new CallerIdHealthMonitor(options.CallerIdHealth);
        _evaluator = options.CreateEvaluator(_clock, healthMonitor: _health, consentStore: consents);
    }

    /// <summary>The caller-ID health monitor the replay feeds (its <see cref="CallerIdHealthMonitor.HealthChanged"/> events
    /// come on the replay's clock).</summary>
    public CallerIdHealthMonitor HealthMonitor => _health;


    public CallDecision Replay(CallRow row)
    {
        CompleteUpTo(row.At);
        _clock.MoveTo(row.At);
        var call = new OutboundCall(row.CallerId, row.Destination, row.Purpose) { ClientIp = row.ClientIp };
        var pending = _evaluator.EvaluateAsync(call);
        var decision = pending.IsCompleted ? pending.Result : pending.AsTask().GetAwaiter().GetResult();
        if (decision.Ticket is { } ticket && row.Answered is { } answered)
        {
            var duration = TimeSpan.FromSeconds(row.DurationSeconds ?? 0);
            var outcome = new CallOutcome(answered, answered ? duration : TimeSpan.Zero, answered ? CallEndReason.Completed : CallEndReason.NoAnswer);
            _completions.Enqueue((ticket, outcome), row.At + duration);
        }

        return decision;
    }

    /// <summary>Completes every outstanding ticket whose call has ended by the end of the replay.</summary>
    public void Finish() => CompleteUpTo(DateTimeOffset.MaxValue);

    private void CompleteUpTo(DateTimeOffset instant)
    {
        while (_completions.TryPeek(out var next, out var at) && at <= instant)
        {
            _completions.Dequeue();
            _clock.MoveTo(at);
            next.Ticket.Complete(next.Outcome);
        }
    }
}
