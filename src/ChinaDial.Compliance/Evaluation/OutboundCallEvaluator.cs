using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace ChinaDial.Compliance;

/// <summary>
/// Judges every outbound call against a fixed set of policies and returns one <see cref="CallDecision"/>.
/// </summary>
/// <remarks>
/// <para>Both numbers are parsed and classified once and handed to every policy as a <see cref="CallContext"/>.
/// Every policy runs, so the decision lists every objection. A deny from any enforcing policy dominates a deferral;
/// a deferral's <see cref="CallDecision.NotBefore"/> is the latest of the deferring policies' instants.</para>
/// <para>Fail closed: a policy that throws, or answers asynchronously later than
/// <see cref="OutboundCallEvaluatorOptions.PolicyTimeout"/>, counts as a deny with
/// <see cref="ReasonCode.PolicyError"/>; no exception reaches the dialer except <see cref="OperationCanceledException"/>
/// when the dialer's own token is cancelled.</para>
/// <para>Quota: reserving policies (<see cref="IReservingCallPolicy"/>) are committed only when the call is allowed
/// and released otherwise, so a call that is not allowed consumes no quota.</para>
/// <para>When every policy answers synchronously, evaluation completes synchronously and allocates only the
/// context (and, for an allowed call, the ticket).</para>
/// </remarks>
public sealed class OutboundCallEvaluator
{
    private static readonly PolicyResult PolicyErrorResult = PolicyResult.Deny(ReasonCode.PolicyError);

    private readonly IOutboundCallPolicy[] _policies;
    private readonly PolicyMode[] _modes;
    private readonly TimeSpan _policyTimeout;
    private readonly TimeSpan _ticketLifetime;
    private readonly AuditTrail? _audit;
    private readonly string[] _observing;

    /// <summary>Creates an evaluator over <paramref name="policies"/>, run in the given order.</summary>
    /// <param name="policies">The policies; names must be unique.</param>
    /// <param name="options">Timeouts, ticket lifetime and policy modes; defaults when <see langword="null"/>.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <param name="audit">Where every decision and ticket outcome is recorded; none when <see langword="null"/>.</param>
    /// <exception cref="ArgumentException">A policy is null, two share a name, or the options are invalid.</exception>
    public OutboundCallEvaluator(IEnumerable<IOutboundCallPolicy> policies, OutboundCallEvaluatorOptions? options = null, TimeProvider? timeProvider = null, AuditTrail? audit = null)
    {
        ArgumentNullException.ThrowIfNull(policies);
        options ??= new OutboundCallEvaluatorOptions();
        var errors = new List<string>();
        options.Validate(errors, "Evaluator");
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(Environment.NewLine, errors), nameof(options));
        }

        _policies = [.. policies];
        _modes = new PolicyMode[_policies.Length];
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < _policies.Length; i++)
        {
            var policy = _policies[i] ?? throw new ArgumentException("A policy is null.", nameof(policies));
            if (string.IsNullOrWhiteSpace(policy.Name) || !names.Add(policy.Name))
            {
                throw new ArgumentException($"Every policy needs a unique, non-empty name; '{policy.Name}' ({policy.GetType().Name}) is empty or used twice.", nameof(policies));
            }

            _modes[i] = options.PolicyModes.TryGetValue(policy.Name, out var mode) ? mode : PolicyMode.Enforce;
        }

        _policyTimeout = options.PolicyTimeout;
        _ticketLifetime = options.TicketLifetime;
        _audit = audit;
        var observing = new List<string>();
        for (var i = 0; i < _policies.Length; i++)
        {
            if (_modes[i] == PolicyMode.Observe)
            {
                observing.Add(_policies[i].Name);
            }
        }

        _observing = [.. observing];
        TimeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>The policies, in the order they run.</summary>
    public IReadOnlyList<IOutboundCallPolicy> Policies => _policies;

    /// <summary>The clock every decision is made by.</summary>
    public TimeProvider TimeProvider { get; }

    /// <summary>The mode a policy runs in.</summary>
    public PolicyMode GetMode(IOutboundCallPolicy policy)
    {
        var index = Array.IndexOf(_policies, policy);
        return index >= 0 ? _modes[index] : throw new ArgumentException("The policy is not one of this evaluator's.", nameof(policy));
    }

    /// <summary>Judges <paramref name="call"/>. Never throws for bad data or failing policies.</summary>
    /// <param name="call">The call.</param>
    /// <param name="cancellationToken">Cancels the evaluation; the call's reservations are released and
    /// <see cref="OperationCanceledException"/> is thrown.</param>
    /// <exception cref="ArgumentNullException"><paramref name="call"/> is null.</exception>
    public ValueTask<CallDecision> EvaluateAsync(OutboundCall call, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(call);
        var started = EvaluatorTelemetry.Duration.Enabled ? TimeProvider.GetTimestamp() : 0;
        var context = CreateContext(call);
        var results = new PolicyResult[_policies.Length];
        for (var i = 0; i < _policies.Length; i++)
        {
            var pending = Start(i, context, results, cancellationToken);
            if (pending is not null)
            {
                return EvaluateRemainingAsync(context, results, i, pending, started, cancellationToken);
            }
        }

        return new ValueTask<CallDecision>(Decide(context, results, started));
    }

    internal void ReleaseReservations(CallContext context, PolicyResult[] results)
    {
        for (var i = 0; i < results.Length; i++)
        {
            if (results[i].HasReservation && _policies[i] is IReservingCallPolicy reserving)
            {
                try
                {
                    reserving.Release(context, results[i]);
                }
#pragma warning disable CA1031 // A policy's failure to release must not stop the others from releasing.
                catch (Exception)
#pragma warning restore CA1031
                {
                }
            }
        }
    }

    internal void CompleteReservations(CallContext context, PolicyResult[] results, CallOutcome outcome, DateTimeOffset completedAt)
    {
        for (var i = 0; i < results.Length; i++)
        {
            try
            {
                if (results[i].HasReservation && _policies[i] is IReservingCallPolicy reserving)
                {
                    reserving.Complete(context, results[i], outcome, completedAt);
                }

                if (_policies[i] is ICallOutcomeObserver observer)
                {
                    observer.OnCompleted(context, outcome, completedAt);
                }
            }
#pragma warning disable CA1031 // A policy's failure on completion must not stop the others.
            catch (Exception)
#pragma warning restore CA1031
            {
            }
        }
    }

    private CallContext CreateContext(OutboundCall call)
    {
        var now = TimeProvider.GetUtcNow();
        var instant = call.RequestedAt is { } requested && requested > now ? requested : now;
        return new CallContext(
            call,
            PhoneNumberClassifier.Classify(call.CallerId),
            PhoneNumberClassifier.Classify(call.Destination),
            instant,
            Guid.CreateVersion7(now),
            instant + _ticketLifetime);
    }

    /// <summary>Runs policy <paramref name="index"/>: stores its result and returns <see langword="null"/> when it
    /// answered synchronously (or threw: <see cref="ReasonCode.PolicyError"/>), else returns the pending answer.</summary>
    private Task<PolicyResult>? Start(int index, CallContext context, PolicyResult[] results, CancellationToken cancellationToken)
    {
        try
        {
            var pending = _policies[index].EvaluateAsync(context, cancellationToken);
            if (!pending.IsCompletedSuccessfully)
            {
                return pending.AsTask();
            }

            results[index] = pending.Result;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            ReleaseReservations(context, results);
            throw;
        }
        catch (Exception)
        {
            results[index] = PolicyErrorResult;
            CountPolicyError(_policies[index]);
        }

        return null;
    }

    private async ValueTask<CallDecision> EvaluateRemainingAsync(CallContext context, PolicyResult[] results, int index, Task<PolicyResult> pending, long started, CancellationToken cancellationToken)
    {
        while (true)
        {
            results[index] = await AwaitPolicyAsync(_policies[index], context, pending, results, cancellationToken).ConfigureAwait(false);
            Task<PolicyResult>? next = null;
            while (next is null && ++index < _policies.Length)
            {
                next = Start(index, context, results, cancellationToken);
            }

            if (next is null)
            {
                return Decide(context, results, started);
            }

            pending = next;
        }
    }

    private async Task<PolicyResult> AwaitPolicyAsync(IOutboundCallPolicy policy, CallContext context, Task<PolicyResult> task, PolicyResult[] results, CancellationToken cancellationToken)
    {
        try
        {
            return _policyTimeout == Timeout.InfiniteTimeSpan
                ? await task.ConfigureAwait(false)
                : await task.WaitAsync(_policyTimeout, TimeProvider, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            ReleaseLateReservation(policy, context, task);
            ReleaseReservations(context, results);
            throw;
        }
        catch (Exception)
        {
            // Timed out or failed: deny. Should the policy still reserve quota later, give it back.
            ReleaseLateReservation(policy, context, task);
            CountPolicyError(policy);
            return PolicyErrorResult;
        }
    }

    private static void ReleaseLateReservation(IOutboundCallPolicy policy, CallContext context, Task<PolicyResult> task)
    {
        if (policy is not IReservingCallPolicy reserving)
        {
            return;
        }

        _ = task.ContinueWith(
            static (completed, state) =>
            {
                var (policy, context) = ((IReservingCallPolicy, CallContext))state!;
                if (completed.IsCompletedSuccessfully && completed.Result.HasReservation)
                {
                    try
                    {
                        policy.Release(context, completed.Result);
                    }
#pragma warning disable CA1031 // Nothing to report to: the call was already denied.
                    catch (Exception)
#pragma warning restore CA1031
                    {
                    }
                }
            },
            (reserving, context),
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    private static void CountPolicyError(IOutboundCallPolicy policy)
        => EvaluatorTelemetry.PolicyErrors.Add(1, new KeyValuePair<string, object?>("policy", policy.Name));

    /// <summary>Writes the audit record of <paramref name="decision"/>; false when the sink failed.</summary>
    private bool TryAudit(CallContext context, in CallDecision decision)
    {
        if (_audit is null)
        {
            return true;
        }

        try
        {
            _audit.Sink.Write(_audit.Record(context, "decision", context.Instant, decision.Verdict, decision.Reasons, decision.ObservedReasons, decision.NotBefore, _observing, null));
            return true;
        }
        catch (Exception)
        {
            EvaluatorTelemetry.PolicyErrors.Add(1, new KeyValuePair<string, object?>("policy", "audit"));
            return false;
        }
    }

    /// <summary>Records what became of an allowed call's ticket (best effort: the call has happened or not already).</summary>
    internal void AuditTicket(CallContext context, string @event, DateTimeOffset at, CallOutcome? outcome)
    {
        if (_audit is null)
        {
            return;
        }

        try
        {
            _audit.Sink.Write(_audit.Record(context, @event, at, CallVerdict.Allow, ReasonCodeSet.Empty, ReasonCodeSet.Empty, null, _observing, outcome));
        }
        catch (Exception)
        {
            EvaluatorTelemetry.PolicyErrors.Add(1, new KeyValuePair<string, object?>("policy", "audit"));
        }
    }

    private CallDecision Decide(CallContext context, PolicyResult[] results, long started)
    {
        var decision = DecideAndCommit(context, results);
        if (!TryAudit(context, decision))
        {
            // Fail closed: no call without its audit record.
            if (decision.IsAllowed)
            {
                ReleaseReservations(context, results);
            }

            decision = new CallDecision(CallVerdict.Deny, decision.Reasons.Add(ReasonCode.PolicyError), decision.ObservedReasons, null, context.TicketId, null);
        }

        EvaluatorTelemetry.Record(decision.Verdict, decision.Reasons, decision.ObservedReasons);
        if (started != 0)
        {
            EvaluatorTelemetry.Duration.Record(TimeProvider.GetElapsedTime(started).TotalSeconds);
        }

        return decision;
    }

    private CallDecision DecideAndCommit(CallContext context, PolicyResult[] results)
    {
        var verdict = CallVerdict.Allow;
        var reasons = ReasonCodeSet.Empty;
        var observed = ReasonCodeSet.Empty;
        DateTimeOffset? notBefore = null;
        for (var i = 0; i < results.Length; i++)
        {
            ref readonly var result = ref results[i];
            if (result.Verdict == CallVerdict.Allow)
            {
                continue;
            }

            if (_modes[i] == PolicyMode.Observe)
            {
                observed = observed.Union(result.Reasons);
                continue;
            }

            reasons = reasons.Union(result.Reasons);
            if (result.Verdict == CallVerdict.Deny)
            {
                verdict = CallVerdict.Deny;
            }
            else
            {
                if (verdict == CallVerdict.Allow)
                {
                    verdict = CallVerdict.Defer;
                }

                var retryAt = result.NotBefore ?? context.Instant;
                if (notBefore is null || retryAt > notBefore)
                {
                    notBefore = retryAt;
                }
            }
        }

        if (verdict != CallVerdict.Allow)
        {
            ReleaseReservations(context, results);
            return new CallDecision(verdict, reasons, observed, verdict == CallVerdict.Defer ? notBefore : null, context.TicketId, null);
        }

        for (var i = 0; i < results.Length; i++)
        {
            if (!results[i].HasReservation || _policies[i] is not IReservingCallPolicy reserving)
            {
                continue;
            }

            try
            {
                reserving.Commit(context, results[i]);
            }
            catch (Exception)
            {
                if (_modes[i] == PolicyMode.Observe)
                {
                    observed = observed.Add(ReasonCode.PolicyError);
                    results[i] = default;
                    continue;
                }

                // Fail closed: a reservation that cannot be committed denies the call and gives everything back.
                ReleaseReservations(context, results);
                return new CallDecision(CallVerdict.Deny, reasons.Add(ReasonCode.PolicyError), observed, null, context.TicketId, null);
            }
        }

        return new CallDecision(CallVerdict.Allow, reasons, observed, null, context.TicketId, new CallTicket(this, context, results));
    }
}
