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
    public int Open => _open.Count;

    /// <summary>
    /// The Redis work of the decision of <paramref name="context"/>, started by the first part to ask, in ONE round
    /// trip: the reads of the parts that reserve nothing (quarantine, consent, refuse lists; the evaluator's first
    /// phase) and, for a call judged now, the reservations of the reserving parts (rate, calls in progress, destination
    /// frequency; its second phase). A call refused before any Redis part asked makes no round trip and takes nothing
    /// (the evaluator asks no reserving policy to reserve for it); a call a Redis read refuses was sent with its
    /// reservations, which the reserving parts' check hands to the evaluator to give back at once
    /// (<see cref="JoinIfStarted"/>): one round trip for every call that needs Redis, never two.
    /// </summary>
    /// <exception cref="InvalidOperationException">A reserving part joined for a preview.</exception>
    public RedisDecision Join(CallContext context, bool reserving, CancellationToken cancellationToken)
    {
        if (reserving && !MayReserve(context))
        {
            throw new InvalidOperationException("A call that may not reserve quota (a preview) was given to a reserving policy.");
        }

        var parts = MayReserve(context) ? _parts : _partsWithoutReservations;
        if (parts <= 1)
        {
            var alone = new RedisDecision();
            alone.Start(this, context, cancellationToken);
            return alone;
        }

        var id = context.TicketId;
        var decision = _open.GetOrAdd(id, static _ => new RedisDecision());
        decision.EnsureStarted(this, context, cancellationToken);
        if (Interlocked.Increment(ref decision.Joined) >= parts)
        {
            _open.TryRemove(new KeyValuePair<Guid, RedisDecision>(id, decision));
        }
        else
        {
            MaybeSweep(Stopwatch.GetTimestamp());
        }

        return decision;
    }

    /// <summary>
    /// For a call the evaluator refused before asking a reserving part (it only checks it): the decision's answer when
    /// its Redis work is already under way (a part that reserves nothing started it, with the reservations: the answer
    /// carries them, and the evaluator gives them back at once), else <see langword="null"/>: no round trip, no key.
    /// </summary>
    public RedisDecision? JoinIfStarted(CallContext context)
    {
        var parts = MayReserve(context) ? _parts : _partsWithoutReservations;
        var id = context.TicketId;
        if (parts <= 1 || !_open.TryGetValue(id, out var decision))
        {
            return null;
        }

        if (Interlocked.Increment(ref decision.Joined) >= parts)
        {
            _open.TryRemove(new KeyValuePair<Guid, RedisDecision>(id, decision));
        }

        return decision;
    }

    /// <summary>Whether the call may reserve quota: it is judged now. A call judged for a later instant (a preview)
    /// asks no reserving policy, and nothing may be taken for it.</summary>
    internal static bool MayReserve(CallContext context) => !context.IsPreview;

    /// <summary>Starts the parts of a decision with its deadline (each fails instead of throwing).</summary>
    internal void StartParts(RedisDecision decision, CallContext context, CancellationToken cancellationToken)
    {
        decision.Deadline = Stopwatch.GetTimestamp() + _timeoutTicks;
        var reserve = MayReserve(context);
        if (CallerIds is not null && context.CallerId.IsParsed)
        {
            decision.CallerId = reserve
                ? Guard(static (s, c, d, t) => s.CallerIds!.DecideAsync(c, reserve: true, d, t), this, context, decision.Deadline, cancellationToken)
                : Guard(static (s, c, d, t) => s.CallerIds!.DecideAsync(c, reserve: false, d, t), this, context, decision.Deadline, cancellationToken);
        }

        if (context.Destination.IsParsed)
        {
            if (Frequency is not null && reserve)
            {
                decision.Frequency = Guard(static (s, c, d, t) => s.Frequency!.DecideAsync(c, d, t), this, context, decision.Deadline, cancellationToken);
            }

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
        foreach (var (id, decision) in _open)
        {
            if (decision.Deadline < stale)
            {
                _open.TryRemove(new KeyValuePair<Guid, RedisDecision>(id, decision));
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

    public void Start(RedisDecisions owner, CallContext context, CancellationToken cancellationToken)
    {
        owner.StartParts(this, context, cancellationToken);
        Volatile.Write(ref _started, 1);
    }

    public void EnsureStarted(RedisDecisions owner, CallContext context, CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _started) != 0)
        {
            return;
        }

        lock (this)
        {
            if (_started == 0)
            {
                Start(owner, context, cancellationToken);
            }
        }
    }
}
