using System;
using System.Threading;
using System.Threading.Tasks;
using StackExchange.Redis;

namespace ChinaDial.Compliance.Redis;

/// <summary>
/// The caller-ID side of a decision, shared by every node: the rate log, the calls in progress and the quarantine of
/// the call's caller ID, decided by one <see cref="CallerIdScript.Decide"/> run (coalesced with the decisions sent at
/// the same time, see <see cref="ScriptBatcher"/>). Answers locally, without a round trip, what it already knows: a
/// caller ID deferred by the rate until its <c>NotBefore</c>, and one quarantined until the end of its quarantine.
/// </summary>
internal sealed class RedisCallerIdState
{
    private readonly RedisGateway _gateway;
    private readonly ScriptBatcher _batcher;
    private readonly CallerIdHealthMonitor? _monitor;
    private readonly bool _rateBlocks;
    private readonly bool _quarantineBlocks;
    private readonly LocalDeferrals _rateDeferrals = new();
    private readonly LocalDeferrals _quarantines = new();

    /// <param name="gateway">The gateway.</param>
    /// <param name="rate">The rate limit, or <see langword="null"/> when the rate is not decided here.</param>
    /// <param name="maxCallsInProgress">The cap on calls in progress, or 0 when it is not decided here.</param>
    /// <param name="hold">How long a call in progress holds its place unless given back (the ticket lifetime).</param>
    /// <param name="monitor">The node's health monitor, whose quarantines are recorded, or <see langword="null"/> when
    /// quarantines are not decided here.</param>
    /// <param name="enforce">The <see cref="CallerIdScript"/> enforce bits (which checks block the others).</param>
    public RedisCallerIdState(RedisGateway gateway, CallerIdRateOptions? rate, int maxCallsInProgress, TimeSpan hold, CallerIdHealthMonitor? monitor, int enforce)
    {
        _gateway = gateway;
        _monitor = monitor;
        Rate = rate;
        MaxCallsInProgress = maxCallsInProgress;
        _rateBlocks = rate is not null && (enforce & CallerIdScript.RateBlocks) != 0;
        _quarantineBlocks = monitor is not null && (enforce & CallerIdScript.QuarantineBlocks) != 0;
        var window = rate?.Window ?? TimeSpan.Zero;

        // The hash's TTL when a run renews it: a minute past the window, or ten past the hold of a call in progress (a
        // run renews only when what it writes outlives the recorded expiry: with calls in progress, once in ten minutes).
        var ttl = maxCallsInProgress > 0 && hold + TimeSpan.FromMinutes(10) > window + TimeSpan.FromMinutes(1) ? hold + TimeSpan.FromMinutes(10) : window + TimeSpan.FromMinutes(1);
        RedisValue[] arguments =
        [
            SlidingLogScript.Milliseconds(ttl),
            rate?.Limit ?? 0,
            SlidingLogScript.Microseconds(window),
            maxCallsInProgress,
            SlidingLogScript.Microseconds(hold),
            enforce,
        ];
        _batcher = new ScriptBatcher(gateway, new CallerIdStateScript(arguments, gateway.Keys.CallerIdRateHash));
    }

    /// <summary>The rate limit decided here, if any.</summary>
    public CallerIdRateOptions? Rate { get; }

    /// <summary>The cap on calls in progress decided here (0: none).</summary>
    public int MaxCallsInProgress { get; }

    /// <summary>Round trips made (for tests and benchmarks).</summary>
    public long RoundTrips => _batcher.Runs;

    /// <summary>The batcher (late give-backs, for tests).</summary>
    public ScriptBatcher Batcher => _batcher;

    /// <summary>Caller IDs deferred by the rate, answered locally until their <c>NotBefore</c>.</summary>
    public LocalDeferrals RateDeferrals => _rateDeferrals;

    /// <summary>Decides the caller-ID side of the call of <paramref name="context"/>. Fails when Redis cannot answer by
    /// <paramref name="deadline"/> (see <see cref="RedisGateway.IsOutage"/>).</summary>
    /// <param name="context">The call.</param>
    /// <param name="reserve">Whether the call may take a rate entry and a place among the calls in progress; when not
    /// (a preview), the script only reads, and records a quarantine the node knows of.</param>
    /// <param name="deadline">When the decision's Redis work is given up.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    public Task<CallerIdAnswer> DecideAsync(CallContext context, bool reserve, long deadline, CancellationToken cancellationToken)
    {
        var callerId = context.CallerId.Key;
        var now = context.Instant.UtcTicks;
        if (_quarantines.TryGet(callerId, now, out var until) && _quarantineBlocks)
        {
            return Task.FromResult(new CallerIdAnswer(0, 0, Microseconds(until)));
        }

        // A quarantine of this node's monitor that Redis has not told us of yet goes with the decision, so it is
        // recorded for every node even if its own write was lost.
        var claimed = _monitor is not null && _monitor.IsQuarantined(context.CallerId, context.Instant, out var ends) ? Microseconds(ends.UtcTicks) : 0;
        if (claimed == 0 && reserve && _rateBlocks && _rateDeferrals.TryGet(callerId, now, out var notBefore))
        {
            return Task.FromResult(new CallerIdAnswer(-Microseconds(notBefore), 0, 0));
        }

        return AskAsync(callerId, _gateway.Keys.CallerIdRateFields(callerId), reserve ? claimed : -claimed - 1, deadline, cancellationToken);
    }

    /// <summary>Gives back what a call holds: its rate entry (<paramref name="rate"/> &gt; 0) and its place among the
    /// calls in progress (<paramref name="callInProgress"/> &gt; 0).</summary>
    public void GiveBack(RedisKey[] fields, long rate, long callInProgress) => _batcher.GiveBack(fields, new BatchAnswer(rate, callInProgress, 0));

    /// <summary>The reservation of an admission (rate or call in progress).</summary>
    public RedisReservation Reservation(RedisKey[] fields, long rate, long callInProgress) => new(_batcher, fields, new BatchAnswer(rate, callInProgress, 0));

    /// <summary>Records the quarantine of <paramref name="callerId"/> until <paramref name="until"/> for every node
    /// (fire and forget: a lost write is sent again with the node's next decision for the caller ID).</summary>
    public void Quarantine(PhoneNumberInfo callerId, DateTimeOffset until)
    {
        if (!callerId.IsParsed)
        {
            return;
        }

        var fields = _gateway.Keys.CallerIdRateFields(callerId.Key);
        var hash = _batcher.HashOf(fields)!;
        var end = Microseconds(until.UtcTicks);
        _gateway.FireAndForget(database => CallerIdScript.Quarantine.Send(database, hash, [(string?)fields[0], end]));
    }

    private static long Microseconds(long utcTicks) => (utcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10;

    private async Task<CallerIdAnswer> AskAsync(ulong callerId, RedisKey[] fields, long claimed, long deadline, CancellationToken cancellationToken)
    {
        var answer = await _batcher.DecideAsync(fields, claimed, deadline, cancellationToken).ConfigureAwait(false);
        if (answer.First < 0)
        {
            _rateDeferrals.Set(callerId, SlidingLogScript.ToInstant(-answer.First).UtcTicks);
        }

        if (answer.Third > 0)
        {
            _quarantines.Set(callerId, SlidingLogScript.ToInstant(answer.Third).UtcTicks);
        }

        return new CallerIdAnswer(answer.First, answer.Second, answer.Third, fields);
    }
}

/// <summary>The caller-ID side of one decision (instants in µs since the Unix epoch, on the server's clock).</summary>
/// <param name="Rate">The instant the call was admitted at into the rate log; minus the instant it would be; 0 when not
/// counted.</param>
/// <param name="CallInProgress">The instant the call's place among the calls in progress lapses; minus the instant the
/// first one lapses; 0 when not counted.</param>
/// <param name="QuarantinedUntil">The end of the caller ID's quarantine; 0 when not quarantined.</param>
/// <param name="Fields">The fields the call was decided in (for its give-backs); <see langword="null"/> when answered
/// locally.</param>
internal readonly record struct CallerIdAnswer(long Rate, long CallInProgress, long QuarantinedUntil, RedisKey[]? Fields = null);
