using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;

namespace ChinaDial.Compliance.Redis;

/// <summary>Which parts of a decision go to Redis, and their options (the evaluator's, so that both agree).</summary>
internal sealed class RedisDecisionParts
{
    /// <summary>The caller-ID rate limit (<c>caller-id-rate</c>), or <see langword="null"/>.</summary>
    public CallerIdRateOptions? CallerIdRate { get; init; }

    /// <summary>The cap on calls in progress (<c>concurrency</c>), or <see langword="null"/>.</summary>
    public ConcurrencyOptions? Concurrency { get; init; }

    /// <summary>How long an allowed call holds its place among the calls in progress unless its ticket ends first.</summary>
    public TimeSpan TicketLifetime { get; init; } = new OutboundCallEvaluatorOptions().TicketLifetime;

    /// <summary>The node's health monitor, whose quarantines every node refuses (<c>caller-id-health</c>), or
    /// <see langword="null"/>.</summary>
    public CallerIdHealthMonitor? Health { get; init; }

    /// <summary>Consents and opt-outs (<c>consent</c>), or <see langword="null"/>.</summary>
    public ConsentOptions? Consent { get; init; }

    /// <summary>The destination frequency caps (<c>destination-frequency</c>), or <see langword="null"/>.</summary>
    public DestinationFrequencyOptions? DestinationFrequency { get; init; }

    /// <summary>The refuse lists (<c>refuse-list</c>), or <see langword="null"/> (also when none is configured).</summary>
    public RefuseListOptions? RefuseLists { get; init; }

    /// <summary>The evaluator's policy modes (a policy that only observes blocks nothing in the caller-ID script).</summary>
    public IDictionary<string, PolicyMode>? Modes { get; init; }

    /// <summary>The parts: the policies that join each decision.</summary>
    public int Count => (CallerIdRate is null ? 0 : 1) + (Concurrency is null ? 0 : 1) + (DestinationFrequency is null ? 0 : 1) + CountWithoutReservations;

    /// <summary>The parts that reserve nothing (quarantine, consent, refuse lists): the ones an evaluator asks about a preview.</summary>
    public int CountWithoutReservations => (Health is null ? 0 : 1) + (Consent is null ? 0 : 1) + (RefuseLists is { Lists.Count: > 0 } ? 1 : 0);

    /// <summary>The <see cref="CallerIdScript"/> enforce bits: the caller-ID checks that enforce block the others.</summary>
    public int EnforceBits
        => (Enforces(BuiltInPolicyNames.CallerIdHealth) ? CallerIdScript.QuarantineBlocks : 0)
            | (Enforces(BuiltInPolicyNames.CallerIdRate) ? CallerIdScript.RateBlocks : 0)
            | (Enforces(BuiltInPolicyNames.Concurrency) ? CallerIdScript.ConcurrencyBlocks : 0);

    private bool Enforces(string name) => Modes is null || !Modes.TryGetValue(name, out var mode) || mode == PolicyMode.Enforce;
}

/// <summary>
/// One deadline and one round trip for all the Redis work of a decision. The first of the adapter's policies to judge
/// a call starts every part at once — the caller-ID script (rate, calls in progress, quarantine), the destination
/// frequency script, the consent read, the refuse lists' look-ups — each with what is left of one deadline,
/// <see cref="RedisComplianceOptions.OperationTimeout"/> from that moment; the others find their part under way or
/// answered. A decision's Redis work therefore takes one round trip (the commands go out together, to one server or,
/// on Redis Cluster, to the masters of their slots at once) and fails closed within the timeout however many parts it has.
/// </summary>
/// <remarks>The parts of a decision are found by its ticket id while its policies run; the last of them to join lets go
/// of it. A decision some policy never joined (its evaluation was cancelled) is dropped a second after its deadline.</remarks>
internal sealed class RedisDecisions
{
    private readonly ConcurrentDictionary<Guid, RedisDecision> _open = new();
    private readonly ConcurrentDictionary<Guid, RedisDecision> _openReserving = new();
    private readonly long _timeoutTicks;
    private readonly int _parts;
    private readonly int _partsWithoutReservations;
    private long _nextSweep;

    public RedisDecisions(RedisGateway gateway, RedisDecisionParts parts)
    {
        ArgumentNullException.ThrowIfNull(gateway);
        ArgumentNullException.ThrowIfNull(parts);
        Gateway = gateway;
        Parts = parts;
        _parts = parts.Count;
        _partsWithoutReservations = parts.CountWithoutReservations;
        _timeoutTicks = (long)(gateway.Options.OperationTimeout.TotalSeconds * Stopwatch.Frequency);
        var rate = parts.CallerIdRate;
        var concurrency = parts.Concurrency?.MaxCallsInProgress ?? 0;
        if (rate is not null || concurrency > 0 || parts.Health is not null)
        {
            CallerIds = new RedisCallerIdState(gateway, rate, concurrency, parts.TicketLifetime, parts.Health, parts.EnforceBits);
        }

        if (parts.DestinationFrequency is { } frequency)
        {
            Frequency = new RedisFrequencyLimits(gateway, frequency);
        }

        if (parts.Consent is not null)
        {
            Consent = new RedisConsentStore(gateway);
        }

        if (parts.RefuseLists is { Lists.Count: > 0 } lists)
        {
            RefuseLists = new RedisRefuseLists(gateway, lists);
        }
    }

    public RedisGateway Gateway { get; }

    public RedisDecisionParts Parts { get; }

    /// <summary>The caller-ID side (rate, calls in progress, quarantine), if any part needs it.</summary>
    public RedisCallerIdState? CallerIds { get; }

    /// <summary>The destination frequency caps, if that part is here.</summary>
    public RedisFrequencyLimits? Frequency { get; }

    /// <summary>The consent reads, if that part is here.</summary>
    public RedisConsentStore? Consent { get; }

    /// <summary>The refuse lists, if any is configured.</summary>
    public RedisRefuseLists? RefuseLists { get; }

    /// <summary>Decisions whose parts have not all joined yet (for tests).</summary>
    public int Open => _open.Count + _openReserving.Count;

    /// <summary>The Redis work of one phase of the decision of <paramref name="context"/>, started by the first part of
    /// that phase to ask: the parts that reserve nothing (quarantine, consent, refuse lists) in the evaluator's first
    /// phase, the reserving ones (rate, calls in progress, destination frequency) in its second, which the evaluator
    /// reaches only for a call nothing refused — so a refused call reserves nothing in Redis.</summary>
    /// <exception cref="InvalidOperationException">A reserving part joined for a preview.</exception>
    public RedisDecision Join(CallContext context, bool reserving, CancellationToken cancellationToken)
    {
        if (reserving && !MayReserve(context))
        {
            throw new InvalidOperationException("A call that may not reserve quota (a preview) was given to a reserving policy.");
        }

        var parts = reserving ? _parts - _partsWithoutReservations : _partsWithoutReservations;
        if (parts <= 1)
        {
            var alone = new RedisDecision();
            alone.Start(this, context, reserving, cancellationToken);
            return alone;
        }

        var open = reserving ? _openReserving : _open;
        var id = context.TicketId;
        var decision = open.GetOrAdd(id, static _ => new RedisDecision());
        decision.EnsureStarted(this, context, reserving, cancellationToken);
        if (Interlocked.Increment(ref decision.Joined) >= parts)
        {
            open.TryRemove(new KeyValuePair<Guid, RedisDecision>(id, decision));
        }
        else
        {
            MaybeSweep(Stopwatch.GetTimestamp());
        }

        return decision;
    }

    /// <summary>
    /// For a call the evaluator refused before asking a reserving part (it only checks it): that part's answer when the
    /// reserving phase of the decision is already under way (another reserving part started it, and its quota may be
    /// taken: the answer carries the reservation, which the evaluator gives back at once), else <see langword="null"/>:
    /// no round trip, no key.
    /// </summary>
    public RedisDecision? JoinIfStarted(CallContext context)
    {
        var parts = _parts - _partsWithoutReservations;
        var id = context.TicketId;
        if (parts <= 1 || !_openReserving.TryGetValue(id, out var decision))
        {
            return null;
        }

        if (Interlocked.Increment(ref decision.Joined) >= parts)
        {
            _openReserving.TryRemove(new KeyValuePair<Guid, RedisDecision>(id, decision));
        }

        return decision;
    }

    /// <summary>Whether the call may reserve quota: it is judged now. A call judged for a later instant (a preview)
    /// asks no reserving policy, and nothing may be taken for it.</summary>
    internal static bool MayReserve(CallContext context) => !context.IsPreview;

    /// <summary>Starts the parts of one phase of a decision with its deadline (each fails instead of throwing).</summary>
    internal void StartParts(RedisDecision decision, CallContext context, bool reserving, CancellationToken cancellationToken)
    {
        decision.Deadline = Stopwatch.GetTimestamp() + _timeoutTicks;
        if (CallerIds is not null && context.CallerId.IsParsed && (reserving || Parts.Health is not null))
        {
            decision.CallerId = reserving
                ? Guard(static (s, c, d, t) => s.CallerIds!.DecideAsync(c, reserve: true, d, t), this, context, decision.Deadline, cancellationToken)
                : Guard(static (s, c, d, t) => s.CallerIds!.DecideAsync(c, reserve: false, d, t), this, context, decision.Deadline, cancellationToken);
        }

        if (context.Destination.IsParsed && reserving)
        {
            if (Frequency is not null)
            {
                decision.Frequency = Guard(static (s, c, d, t) => s.Frequency!.DecideAsync(c, d, t), this, context, decision.Deadline, cancellationToken);
            }
        }
        else if (context.Destination.IsParsed)
        {
            if (Consent is not null)
            {
                decision.Consent = Guard(static (s, c, d, _) => s.Consent!.ReadAsync(c.Destination, c.Purpose, c.Instant, d), this, context, decision.Deadline, cancellationToken);
            }

            if (RefuseLists is not null)
            {
                decision.RefuseLists = Guard(static (s, c, d, _) => s.RefuseLists!.CheckAsync(c.Destination, c.Purpose, d), this, context, decision.Deadline, cancellationToken);
            }
        }
    }

    private static Task<T> Guard<T>(Func<RedisDecisions, CallContext, long, CancellationToken, Task<T>> start, RedisDecisions self, CallContext context, long deadline, CancellationToken cancellationToken)
    {
        try
        {
            return start(self, context, deadline, cancellationToken);
        }
#pragma warning disable CA1031 // A part that cannot start fails its policy (policy_error), never the others.
        catch (Exception e)
#pragma warning restore CA1031
        {
            return Task.FromException<T>(e);
        }
    }

    /// <summary>Once a second: drops decisions some part never joined, a second after their deadline.</summary>
    private void MaybeSweep(long now)
    {
        var next = Volatile.Read(ref _nextSweep);
        if (now < next || Interlocked.CompareExchange(ref _nextSweep, now + Stopwatch.Frequency, next) != next)
        {
            return;
        }

        var stale = now - _timeoutTicks - Stopwatch.Frequency;
        foreach (var open in (ReadOnlySpan<ConcurrentDictionary<Guid, RedisDecision>>)[_open, _openReserving])
        {
            foreach (var (id, decision) in open)
            {
                if (decision.Deadline < stale)
                {
                    open.TryRemove(new KeyValuePair<Guid, RedisDecision>(id, decision));
                }
            }
        }
    }
}

/// <summary>The Redis work of one decision: each part's answer (a task that never throws when started, and fails with
/// the part's error), and the one deadline they share.</summary>
internal sealed class RedisDecision
{
    private int _started;

    /// <summary>The parts that joined.</summary>
    public int Joined;

    /// <summary>When the decision's Redis work is given up (<see cref="Stopwatch"/> timestamp).</summary>
    public long Deadline { get; set; }

    /// <summary>The caller-ID side, when the caller ID is parsed and a part needs it.</summary>
    public Task<CallerIdAnswer>? CallerId { get; set; }

    /// <summary>The destination frequency caps' answer, when the destination is parsed.</summary>
    public Task<PolicyResult>? Frequency { get; set; }

    /// <summary>The callee's consent status and the consent in force, when the destination is parsed.</summary>
    public Task<ConsentLookup>? Consent { get; set; }

    /// <summary>What the refuse lists of the purpose say of the callee, when the destination is parsed.</summary>
    public Task<RefuseListAnswer>? RefuseLists { get; set; }

    public void Start(RedisDecisions owner, CallContext context, bool reserving, CancellationToken cancellationToken)
    {
        owner.StartParts(this, context, reserving, cancellationToken);
        Volatile.Write(ref _started, 1);
    }

    public void EnsureStarted(RedisDecisions owner, CallContext context, bool reserving, CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _started) != 0)
        {
            return;
        }

        lock (this)
        {
            if (_started == 0)
            {
                Start(owner, context, reserving, cancellationToken);
            }
        }
    }
}
