using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using ChinaDial.Compliance.Cli.Input;

namespace ChinaDial.Compliance.Cli.Replay;

/// <summary>
/// Replays calls through the evaluator on a virtual clock: the clock moves to each call's <c>at</c>; an allowed call
/// ends, in time order with the calls, so rate limits, concurrency and caller-ID health see what a live dialer would:
/// a call with an outcome (<c>answered</c>, <c>duration_s</c>) completes its ticket with it at <c>at + duration_s</c>;
/// a call without one is taken to end <see cref="AssumedDuration"/> after its <c>at</c> (its concurrency slot is freed
/// then) and tells caller-ID health nothing, since how it went is not known.
/// </summary>
internal sealed class CallReplay : IDisposable
{
    /// <summary>The default of <c>--assumed-duration</c>: zero. A call whose outcome the file does not give is taken
    /// to end at once: it is never counted as a call in progress, so concurrency is judged from the calls with an
    /// outcome only, and nothing is invented. Pass a duration to judge it with an assumed call length.</summary>
    public static readonly TimeSpan DefaultAssumedDuration = TimeSpan.Zero;

    private readonly OutboundCallEvaluator _evaluator;
    private readonly ReplayClock _clock;
    private readonly CallerIdHealthMonitor _health;
    private readonly PriorityQueue<(CallTicket Ticket, CallOutcome? Outcome), DateTimeOffset> _completions = new();
    private CallContext? _endingWithoutOutcome;

    /// <summary>Releases the evaluator the replay built (and whatever it subscribed to).</summary>
    public void Dispose() => _evaluator.Dispose();

    /// <param name="options">The options.</param>
    /// <param name="consents">The consents and opt-outs.</param>
    /// <param name="assumedDuration">How long a call without an outcome is taken to last.</param>
    /// <param name="audit">Where every decision and known outcome is recorded (numbers hashed with
    /// <c>Audit:Pepper</c>); a call without an outcome gets no outcome record (none is known).</param>
    /// <param name="refuseLists">The refuse-call lists, loaded.</param>
    public CallReplay(ChinaDialComplianceOptions options, IConsentStore? consents = null, TimeSpan? assumedDuration = null, IAuditSink? audit = null, InMemoryRefuseLists? refuseLists = null)
    {
        _clock = new ReplayClock();
        _health = new CallerIdHealthMonitor(options.CallerIdHealth);
        AssumedDuration = assumedDuration ?? DefaultAssumedDuration;
        var policies = new List<IOutboundCallPolicy>();
        foreach (var policy in options.CreateEvaluator(_clock, healthMonitor: _health, consentStore: consents, refuseLists: refuseLists).Policies)
        {
            policies.Add(policy switch
            {
                IReservingCallPolicy and ICallOutcomeObserver => throw new InvalidOperationException($"Policy '{policy.Name}' both reserves and observes outcomes: the replay cannot keep assumed outcomes from it."),
                ICallOutcomeObserver observer => new KnownOutcomesOnly(policy, observer, this),
                _ => policy,
            });
        }

        var trail = audit is null ? null : new AuditTrail(new KnownOutcomesAudit(audit, this), options.Audit.CreatePseudonymizer());
        _evaluator = new OutboundCallEvaluator(policies, options.Evaluator, _clock, trail);
    }

    /// <summary>The caller-ID health monitor the replay feeds (its <see cref="CallerIdHealthMonitor.HealthChanged"/> events
    /// come on the replay's clock).</summary>
    public CallerIdHealthMonitor HealthMonitor => _health;

    /// <summary>How long an allowed call without an outcome is taken to last.</summary>
    public TimeSpan AssumedDuration { get; }

    /// <summary>The allowed calls without an outcome so far (each taken to last <see cref="AssumedDuration"/>).</summary>
    public long CallsWithoutOutcome { get; private set; }

    public CallDecision Replay(CallRow row)
    {
        CompleteUpTo(row.At);
        _clock.MoveTo(row.At);
        var call = new OutboundCall(row.CallerId, row.Destination, row.Purpose) { ClientIp = row.ClientIp };
        var pending = _evaluator.EvaluateAsync(call);
        var decision = pending.IsCompleted ? pending.Result : pending.AsTask().GetAwaiter().GetResult();
        if (decision.Ticket is { } ticket)
        {
            if (row.Answered is { } answered)
            {
                var duration = TimeSpan.FromSeconds(row.DurationSeconds ?? 0);
                var outcome = new CallOutcome(answered, answered ? duration : TimeSpan.Zero, answered ? CallEndReason.Completed : CallEndReason.NoAnswer);
                _completions.Enqueue((ticket, outcome), After(row.At, duration));
            }
            else
            {
                CallsWithoutOutcome++;
                _completions.Enqueue((ticket, null), After(row.At, AssumedDuration));
            }
        }

        return decision;
    }

    /// <summary>Completes every outstanding ticket whose call has ended by the end of the replay.</summary>
    public void Finish() => CompleteUpTo(DateTimeOffset.MaxValue);

    /// <summary><paramref name="at"/> + <paramref name="duration"/> in UTC, or the last instant there is.</summary>
    private static DateTimeOffset After(DateTimeOffset at, TimeSpan duration)
        => new(Math.Min(at.UtcTicks + duration.Ticks, DateTimeOffset.MaxValue.UtcTicks), TimeSpan.Zero);

    private void CompleteUpTo(DateTimeOffset instant)
    {
        while (_completions.TryPeek(out var next, out var at) && at <= instant)
        {
            _completions.Dequeue();
            _clock.MoveTo(at);
            if (next.Outcome is { } outcome)
            {
                next.Ticket.Complete(outcome);
            }
            else
            {
                _endingWithoutOutcome = next.Ticket.Context;
                try
                {
                    next.Ticket.Complete(new CallOutcome(Answered: false, TimeSpan.Zero, CallEndReason.Completed));
                }
                finally
                {
                    _endingWithoutOutcome = null;
                }
            }
        }
    }

    /// <summary>An audit sink that records only the outcomes the calls file gave (a call without one ends unrecorded).</summary>
    private sealed class KnownOutcomesAudit(IAuditSink inner, CallReplay replay) : IAuditSink
    {
        public void Write(AuditRecord record)
        {
            if (record.Event == AuditEvent.Outcome && replay._endingWithoutOutcome is { } ending && ending.TicketId == record.Id)
            {
                return;
            }

            inner.Write(record);
        }
    }

    /// <summary>An outcome observer (caller-ID health) that hears only the outcomes the calls file gave.</summary>
    private sealed class KnownOutcomesOnly(IOutboundCallPolicy policy, ICallOutcomeObserver observer, CallReplay replay) : IOutboundCallPolicy, ICallOutcomeObserver
    {
        public string Name => policy.Name;

        public ValueTask<PolicyResult> EvaluateAsync(CallContext context, CancellationToken cancellationToken) => policy.EvaluateAsync(context, cancellationToken);

        public void OnCompleted(CallContext context, CallOutcome outcome, DateTimeOffset completedAt)
        {
            if (!ReferenceEquals(context, replay._endingWithoutOutcome))
            {
                observer.OnCompleted(context, outcome, completedAt);
            }
        }
    }
}
