using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace ChinaDial.Compliance;

/// <summary>
/// Judges every outbound call against a fixed set of policies and returns one <see cref="CallDecision"/>.
/// </summary>
/// <remarks>
/// <para>Both numbers are parsed and classified once and handed to every policy as a read-only
/// <see cref="CallContext"/>; the running tally stays in the evaluator. Evaluation has two phases: first every policy
/// that reserves nothing, then the reserving policies (<see cref="IReservingCallPolicy"/>), which reserve only when no
/// enforcing policy refused the call and are otherwise only asked when it could be retried
/// (<see cref="IReservingCallPolicy.CheckAsync"/>: nothing reserved, no state, no round trip). Every policy answers, so
/// the decision lists every objection, whatever the order the policies were registered in. A deny from any enforcing policy dominates a deferral;
/// a deferral's <see cref="CallDecision.NotBefore"/> is the latest of the deferring policies' instants.</para>
/// <para>Fail closed: a policy that throws, or answers asynchronously later than
/// <see cref="OutboundCallEvaluatorOptions.PolicyTimeout"/>, counts as a deny with
/// <see cref="ReasonCode.PolicyError"/>; no exception reaches the dialer except <see cref="OperationCanceledException"/>
/// when the dialer's own token is cancelled.</para>
/// <para>Quota: reserving policies (<see cref="IReservingCallPolicy"/>) are committed only when the call is allowed
/// and released otherwise, so a call that is not allowed consumes no quota.</para>
/// <para>When every policy answers synchronously, evaluation completes synchronously and allocates only the
/// context, one ticket that carries the evaluation state (handed to the dialer only when the call is allowed) and, with
/// reserving policies, one small array of their reservations.</para>
/// </remarks>
public sealed class OutboundCallEvaluator : IPersonalDataStore, ICallTicketOwner, IDisposable
{
    private static readonly PolicyResult PolicyErrorResult = PolicyResult.Deny(ReasonCode.PolicyError);

    /// <summary>How many purposes this version defines: they are numbered from 0 without gaps (a purpose added to the
    /// enum is judged by the policies; <c>Issue20Tests</c> walks every defined value), any other value is unknown.</summary>
    private static readonly uint DefinedPurposes = (uint)Enum.GetValues<CallPurpose>().Length;

    private readonly IOutboundCallPolicy[] _policies;
    private readonly PolicyMode[] _modes;
    private readonly TimeSpan _policyTimeout;
    private readonly TimeSpan _ticketLifetime;
    private readonly long _horizonTicks;
    private readonly long _skewTicks;
    private readonly AuditTrail? _audit;
    private readonly string[] _observing;
    private readonly int[] _slots;
    private readonly IReservingCallPolicy[] _reserving;
    private readonly PolicyMode[] _reservingModes;
    private readonly ICallOutcomeObserver[] _observers;
    private readonly bool[] _recordsPlaced;
    private readonly int[] _order;
    private readonly int _firstReserving;
    private readonly DecisionReporter _reporter;
    private IPersonalDataStore[] _alsoErase = [];
    private Action? _onDispose;

    /// <summary>Creates an evaluator over <paramref name="policies"/>, run in the given order.</summary>
    /// <param name="policies">The policies; names must be unique.</param>
    /// <param name="options">Timeouts, ticket lifetime and policy modes; defaults when <see langword="null"/>.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <param name="audit">Where every decision and ticket outcome is recorded; none when <see langword="null"/>.</param>
    /// <param name="telemetryListener">Receives every decision and ticket outcome before the audit trail (logging, your
    /// own telemetry); none when <see langword="null"/>. A listener that throws on a decision denies the call with
    /// <see cref="ReasonCode.PolicyError"/>.</param>
    /// <exception cref="ArgumentException">A policy is null, two share a name, or the options are invalid.</exception>
    public OutboundCallEvaluator(IEnumerable<IOutboundCallPolicy> policies, OutboundCallEvaluatorOptions? options = null, TimeProvider? timeProvider = null, AuditTrail? audit = null, ComplianceTelemetryListener? telemetryListener = null)
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

        foreach (var name in options.PolicyModes.Keys)
        {
            if (!names.Contains(name) && !BuiltInPolicyNames.IsBuiltIn(name))
            {
                errors.Add($"Evaluator:PolicyModes:{name} names no policy (the policies are: {string.Join(", ", names)}).");
            }
        }

        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(Environment.NewLine, errors), nameof(options));
        }

        _policyTimeout = options.PolicyTimeout;
        _ticketLifetime = options.TicketLifetime;
        _horizonTicks = options.SchedulingHorizon.Ticks;
        _skewTicks = options.ClockSkewTolerance.Ticks;
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
        _slots = new int[_policies.Length];
        var reserving = new List<IReservingCallPolicy>();
        var reservingModes = new List<PolicyMode>();
        var observers = new List<ICallOutcomeObserver>();
        for (var i = 0; i < _policies.Length; i++)
        {
            _slots[i] = -1;
            if (_policies[i] is IReservingCallPolicy r)
            {
                _slots[i] = reserving.Count;
                reserving.Add(r);
                reservingModes.Add(_modes[i]);
            }

            if (_policies[i] is ICallOutcomeObserver observer)
            {
                observers.Add(observer);
            }
        }

        _reserving = [.. reserving];
        _reservingModes = [.. reservingModes];
        _observers = [.. observers];
        _recordsPlaced = new bool[_reserving.Length];
        for (var slot = 0; slot < _reserving.Length; slot++)
        {
            _recordsPlaced[slot] = _reserving[slot] is IRecordsPlacedCalls;
        }

        // Phase one: the policies that reserve nothing, in their order; phase two: the reserving ones, in theirs.
        _order = new int[_policies.Length];
        var next = 0;
        for (var i = 0; i < _policies.Length; i++)
        {
            if (_slots[i] < 0)
            {
                _order[next++] = i;
            }
        }

        _firstReserving = next;
        for (var i = 0; i < _policies.Length; i++)
        {
            if (_slots[i] >= 0)
            {
                _order[next++] = i;
            }
        }
        TimeProvider = timeProvider ?? TimeProvider.System;
        _reporter = new DecisionReporter(audit, telemetryListener, _observing, TimeProvider);
    }

    /// <summary>The policies, in the order they were given; those that reserve nothing run first (in this order), then
    /// the reserving ones (in this order).</summary>
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
        var ticket = CreateTicket(call);
        if (ComplianceTelemetry.ActivitySource.HasListeners())
        {
            ticket.Evaluation.Activity = ComplianceTelemetry.ActivitySource.StartActivity("chinadial.evaluate");
            ticket.Evaluation.Activity?.SetTag("chinadial.decision_id", ticket.Evaluation.Context.TicketId);
            ticket.Evaluation.Activity?.SetTag("chinadial.purpose", call.Purpose.ToString());
        }

        if (ticket.Evaluation.Verdict == CallVerdict.Deny)
        {
            return new ValueTask<CallDecision>(Decide(ticket, started)); // requested beyond the horizon, or for an unknown purpose: nothing to judge
        }

        for (var step = 0; step < _order.Length; step++)
        {
            var pending = Start(step, ticket, cancellationToken);
            if (pending is not null)
            {
                return EvaluateRemainingAsync(ticket, step, pending, started, cancellationToken);
            }
        }

        return new ValueTask<CallDecision>(Decide(ticket, started));
    }

    /// <summary>
    /// Erases <paramref name="number"/> from everything the evaluator decides with: every policy that is an
    /// <see cref="IPersonalDataStore"/> (consents and opt-outs through the consent policy's store, destination frequency
    /// logs, the Redis adapter's policies), the caller-ID health monitor it was built with, and its audit trail. Every
    /// store is asked; if some failed, an <see cref="AggregateException"/> lists them (call again).
    /// </summary>
    public async ValueTask ForgetAsync(PhoneNumberInfo number, CancellationToken cancellationToken)
    {
        List<Exception>? failures = null;
        var stores = new List<IPersonalDataStore>();
        foreach (var policy in _policies)
        {
            if (policy is IPersonalDataStore store)
            {
                stores.Add(store);
            }
        }

        stores.AddRange(_alsoErase);
        if (_audit is not null)
        {
            stores.Add(_audit);
        }

        foreach (var store in stores)
        {
            try
            {
                await store.ForgetAsync(number, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception e)
            {
                (failures ??= []).Add(e);
            }
        }

        if (failures is not null)
        {
            throw new AggregateException("Some of the evaluator's stores could not erase the number; the others did.", failures);
        }
    }

    /// <summary>Stops whatever the evaluator was wired to when it was built (e.g. the health monitor's quarantine
    /// audit): nothing it subscribed to outlives it. Decisions and tickets keep working.</summary>
    public void Dispose() => Interlocked.Exchange(ref _onDispose, null)?.Invoke();

    /// <summary>Stores the evaluator decides with that are not policies (the health monitor), erased with it.</summary>
    internal void AlsoErase(params IPersonalDataStore[] stores) => _alsoErase = [.. _alsoErase, .. stores];

    /// <summary>Runs <paramref name="action"/> when the evaluator is disposed (undoes a subscription made for it).</summary>
    internal void OnDispose(Action action) => _onDispose += action;

    /// <inheritdoc/>
    void ICallTicketOwner.Completed(CallTicket ticket, CallOutcome outcome, DateTimeOffset completedAt)
    {
        CompleteReservations(ticket, outcome, completedAt);
        AuditTicket(ticket, AuditEvent.Outcome, completedAt, outcome);
    }

    /// <inheritdoc/>
    void ICallTicketOwner.Cancelled(CallTicket ticket)
    {
        ReleaseReservations(ticket);
        AuditTicket(ticket, AuditEvent.Cancelled, TimeProvider.GetUtcNow(), null);
    }

    /// <summary>Gives back every reservation of <paramref name="ticket"/> (refused, or ticket cancelled). After an
    /// allowed decision, a policy that counts placed calls (<see cref="IRecordsPlacedCalls"/>) keeps its count.</summary>
    private void ReleaseReservations(CallTicket ticket)
    {
        ref var state = ref ticket.Evaluation;
        var reservations = state.Reservations;
        var allowed = state.Verdict == CallVerdict.Allow;
        for (var slot = 0; reservations is not null && slot < reservations.Length; slot++)
        {
            if (reservations[slot].IsHeld && !(allowed && _recordsPlaced[slot]))
            {
                try
                {
                    _reserving[slot].Release(state.Context, reservations[slot].ToResult());
                }
#pragma warning disable CA1031 // A policy's failure to release must not stop the others from releasing.
                catch (Exception)
#pragma warning restore CA1031
                {
                }
            }
        }
    }

    /// <summary>Tells the reserving policies and the outcome observers how the call of <paramref name="ticket"/> ended.</summary>
    private void CompleteReservations(CallTicket ticket, CallOutcome outcome, DateTimeOffset completedAt)
    {
        var context = ticket.Evaluation.Context;
        var reservations = ticket.Evaluation.Reservations;
        for (var slot = 0; reservations is not null && slot < reservations.Length; slot++)
        {
            if (reservations[slot].IsHeld)
            {
                try
                {
                    _reserving[slot].Complete(context, reservations[slot].ToResult(), outcome, completedAt);
                }
#pragma warning disable CA1031 // A policy's failure on completion must not stop the others.
                catch (Exception)
#pragma warning restore CA1031
                {
                }
            }
        }

        foreach (var observer in _observers)
        {
            try
            {
                observer.OnCompleted(context, outcome, completedAt);
            }
#pragma warning disable CA1031 // An observer's failure must not stop the others.
            catch (Exception)
#pragma warning restore CA1031
            {
            }
        }
    }

    /// <summary>
    /// The call's context, judged as of the clock. A <see cref="OutboundCall.RequestedAt"/> ahead of the clock by more
    /// than the skew tolerance makes a preview judged for that instant; one beyond the horizon is denied at once
    /// (<see cref="ReasonCode.RequestedTimeOutOfRange"/>). Nothing else about the requested instant reaches state.
    /// </summary>
    private CallTicket CreateTicket(OutboundCall call)
    {
        var now = TimeProvider.GetUtcNow();
        var instant = now;
        var outOfRange = false;
        if (call.RequestedAt is { } requested)
        {
            var ahead = requested.UtcTicks - now.UtcTicks; // both within DateTimeOffset's range: no overflow
            if (ahead > _horizonTicks)
            {
                outOfRange = true;
            }
            else if (ahead > _skewTicks)
            {
                instant = requested;
            }
        }

        var context = new CallContext(
            call,
            PhoneNumberClassifier.Classify(call.CallerId),
            PhoneNumberClassifier.Classify(call.Destination),
            now,
            instant,
            DecisionIds.Next(now),
            Instants.Add(now, _ticketLifetime));
        var ticket = new CallTicket(this, context);
        if (outOfRange)
        {
            ticket.Evaluation.Verdict = CallVerdict.Deny;
            ticket.Evaluation.Reasons = ReasonCodeSet.Of(ReasonCode.RequestedTimeOutOfRange);
        }

        if ((uint)call.Purpose >= DefinedPurposes)
        {
            // A purpose no policy knows would need no consent and match no per-purpose rule: refused, nothing judged.
            ticket.Evaluation.Verdict = CallVerdict.Deny;
            ticket.Evaluation.Reasons = ticket.Evaluation.Reasons.Add(ReasonCode.UnknownPurpose);
        }

        return ticket;
    }

    /// <summary>Runs the policy of step <paramref name="step"/> (phase one: those that reserve nothing; phase two: the
    /// reserving ones, which reserve only while nothing refused the call and are otherwise only checked): tallies its
    /// answer and returns <see langword="null"/> when it answered synchronously (or threw:
    /// <see cref="ReasonCode.PolicyError"/>), else returns the pending answer.</summary>
    private Task<PolicyResult>? Start(int step, CallTicket ticket, CancellationToken cancellationToken)
    {
        ref var state = ref ticket.Evaluation;
        var index = _order[step];
        var context = state.Context;
        var checking = false;
        if (step >= _firstReserving)
        {
            if (context.IsPreview)
            {
                return null; // a preview reserves nothing: reserving policies are not asked
            }

            checking = state.IsRefused;
        }

        try
        {
            var pending = checking
                ? _reserving[_slots[index]].CheckAsync(context, cancellationToken)
                : _policies[index].EvaluateAsync(context, cancellationToken);
            if (!pending.IsCompletedSuccessfully)
            {
                return pending.AsTask();
            }

            Tally(index, ticket, pending.Result);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            ReleaseReservations(ticket);
            throw;
        }
        catch (Exception)
        {
            Tally(index, ticket, PolicyErrorResult);
            CountPolicyError(_policies[index]);
        }

        return null;
    }

    /// <summary>Adds policy <paramref name="index"/>'s answer to the call's tally, keeping its reservation while the
    /// call may still be placed (and giving back at once one that arrives for a refused call, e.g. from a check).</summary>
    private void Tally(int index, CallTicket ticket, in PolicyResult result)
    {
        ref var state = ref ticket.Evaluation;
        var slot = _slots[index];
        if (slot >= 0 && result.HasReservation)
        {
            if (state.IsRefused || state.Context.IsPreview || (state.Reservations is { } held && held[slot].IsHeld))
            {
                ReleaseQuietly(_reserving[slot], state.Context, result);
            }
            else
            {
                (state.Reservations ??= new HeldReservation[_reserving.Length])[slot] = HeldReservation.Of(result);
            }
        }

        if (result.Consent is { } consent)
        {
            state.Consent = consent;
        }

        if (result.Verdict == CallVerdict.Allow)
        {
            return;
        }

        if (_modes[index] == PolicyMode.Observe)
        {
            state.ObservedReasons = state.ObservedReasons.Union(result.Reasons);
            return;
        }

        state.Reasons = state.Reasons.Union(result.Reasons);
        if (result.Verdict == CallVerdict.Deny)
        {
            state.Verdict = CallVerdict.Deny;
            return;
        }

        if (state.Verdict == CallVerdict.Allow)
        {
            state.Verdict = CallVerdict.Defer;
        }

        var retryAt = result.NotBefore ?? state.Context.Instant;
        if (state.NotBefore is not { } latest || retryAt > latest)
        {
            state.NotBefore = retryAt;
        }
    }

    private static void ReleaseQuietly(IReservingCallPolicy policy, CallContext context, in PolicyResult reservation)
    {
        try
        {
            policy.Release(context, reservation);
        }
#pragma warning disable CA1031 // Nothing to report to: the call is refused whatever the policy does.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }

    private async ValueTask<CallDecision> EvaluateRemainingAsync(CallTicket ticket, int step, Task<PolicyResult> pending, long started, CancellationToken cancellationToken)
    {
        // One deadline for every asynchronous policy of the decision, from the first one on.
        var deadline = TimeProvider.GetTimestamp();
        while (true)
        {
            var index = _order[step];
            Tally(index, ticket, await AwaitPolicyAsync(_policies[index], ticket, pending, deadline, cancellationToken).ConfigureAwait(false));
            Task<PolicyResult>? next = null;
            while (next is null && ++step < _order.Length)
            {
                next = Start(step, ticket, cancellationToken);
            }

            if (next is null)
            {
                return Decide(ticket, started);
            }

            pending = next;
        }
    }

    private async Task<PolicyResult> AwaitPolicyAsync(IOutboundCallPolicy policy, CallTicket ticket, Task<PolicyResult> task, long deadline, CancellationToken cancellationToken)
    {
        try
        {
            var remaining = _policyTimeout - TimeProvider.GetElapsedTime(deadline);
            if (remaining <= TimeSpan.Zero && !task.IsCompleted)
            {
                throw new TimeoutException(); // the decision's deadline has passed
            }

            return await task.WaitAsync(remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero, TimeProvider, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            ReleaseLateReservation(policy, ticket.Evaluation.Context, task);
            ReleaseReservations(ticket);
            throw;
        }
        catch (Exception)
        {
            // Timed out or failed: deny. Should the policy still reserve quota later, give it back.
            ReleaseLateReservation(policy, ticket.Evaluation.Context, task);
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

    /// <summary>Records what became of an allowed call's ticket (best effort: the call has happened or not already).</summary>
    private void AuditTicket(CallTicket ticket, AuditEvent @event, DateTimeOffset at, CallOutcome? outcome)
        => _reporter.ReportTicket(ticket.Evaluation.Context, @event, at, outcome);

    private CallDecision Decide(CallTicket ticket, long started)
    {
        var decision = DecideAndCommit(ticket);
        if (!_reporter.TryReport(in ticket.Evaluation, decision))
        {
            // Fail closed: no call without its audit record.
            if (decision.IsAllowed)
            {
                ReleaseReservations(ticket);
            }

            decision = new CallDecision(CallVerdict.Deny, decision.Reasons.Add(ReasonCode.PolicyError), decision.ObservedReasons, null, ticket.Evaluation.Context.TicketId, null);
        }

        _reporter.Completed(in ticket.Evaluation, decision, started);
        return decision;
    }

    private CallDecision DecideAndCommit(CallTicket ticket)
    {
        ref var state = ref ticket.Evaluation;
        var context = state.Context;
        if (context.IsPreview && state.Verdict != CallVerdict.Deny)
        {
            // Judged for a later instant: never placeable before it, and evaluated again then (quota is reserved only
            // for a call placed now).
            var notBefore = state.NotBefore is { } later && later > context.Instant ? later : context.Instant;
            return new CallDecision(CallVerdict.Defer, state.Reasons.Add(ReasonCode.NotYetDue), state.ObservedReasons, notBefore, context.TicketId, null);
        }

        var (verdict, reasons, observed) = (state.Verdict, state.Reasons, state.ObservedReasons);
        if (verdict != CallVerdict.Allow)
        {
            ReleaseReservations(ticket);
            return new CallDecision(verdict, reasons, observed, verdict == CallVerdict.Defer ? state.NotBefore : null, context.TicketId, null);
        }

        var reservations = state.Reservations;
        for (var slot = 0; reservations is not null && slot < reservations.Length; slot++)
        {
            if (!reservations[slot].IsHeld)
            {
                continue;
            }

            try
            {
                _reserving[slot].Commit(context, reservations[slot].ToResult());
            }
            catch (Exception)
            {
                if (_reservingModes[slot] == PolicyMode.Observe)
                {
                    observed = observed.Add(ReasonCode.PolicyError);
                    reservations[slot] = default;
                    continue;
                }

                // Fail closed: a reservation that cannot be committed denies the call and gives everything back.
                ReleaseReservations(ticket);
                return new CallDecision(CallVerdict.Deny, reasons.Add(ReasonCode.PolicyError), observed, null, context.TicketId, null);
            }
        }

        return new CallDecision(CallVerdict.Allow, reasons, observed, null, context.TicketId, ticket);
    }
}
