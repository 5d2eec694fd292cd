using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace ChinaDial.Compliance.Redis;

/// <summary>
/// The destination frequency caps shared by every node: per callee and per caller-ID/callee pair, each over its
/// sliding windows, decided together by one script run (both keys share the callee's hash slot) with the rest of the
/// decision's Redis work (see <see cref="RedisDecisions"/>). Replaces the in-process policy of the same name.
/// </summary>
internal sealed class RedisDestinationFrequencyPolicy : IReservingCallPolicy, IPersonalDataStore
{
    private readonly RedisDecisions _decisions;
    private readonly IReservingCallPolicy? _fallback;
    private readonly bool _fallbackDenies;
    private readonly bool _fallbackEnabled;

    public RedisDestinationFrequencyPolicy(RedisDecisions decisions)
    {
        ArgumentNullException.ThrowIfNull(decisions);
        _decisions = decisions;
        if (decisions.Parts.DestinationFrequency is not { } options)
        {
            return;
        }

        var gateway = decisions.Gateway;
        _fallbackEnabled = gateway.Options.FailureMode == RedisFailureMode.LocalFallback;
        if (_fallbackEnabled)
        {
            var callee = options.PerDestination.ToArray();
            var pair = options.PerCallerIdAndDestination.ToArray();
            var nodes = gateway.Options.ExpectedNodes;
            _fallbackDenies = callee.Concat(pair).Any(cap => cap.Limit / nodes == 0);
            _fallback = _fallbackDenies ? null : InProcessPolicies.CreateDestinationFrequency(new DestinationFrequencyOptions
            {
                PerDestination = Share(callee, nodes),
                PerCallerIdAndDestination = Share(pair, nodes),
            });
        }
    }

    /// <summary>A policy deciding only the destination caps (its decisions join no other part).</summary>
    public RedisDestinationFrequencyPolicy(RedisGateway gateway, DestinationFrequencyOptions options)
        : this(new RedisDecisions(gateway, new RedisDecisionParts { DestinationFrequency = options.Enabled ? options : null }))
    {
    }

    public string Name => BuiltInPolicyNames.DestinationFrequency;

    public ValueTask<PolicyResult> EvaluateAsync(CallContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (_decisions.Frequency is null || !context.Destination.IsParsed)
        {
            return new(PolicyResult.Allow()); // disabled, or the destination policy denies it
        }

        var pending = _decisions.Join(context, reserving: true, cancellationToken).Frequency!;
        if (pending.IsCompletedSuccessfully)
        {
            return new(pending.Result);
        }

        return _fallbackEnabled ? WithFallbackAsync(pending, context) : new(pending);
    }

    /// <summary>For a call refused elsewhere: no round trip. The caps' answer (with the reservation the evaluator gives
    /// back at once) only when another reserving part already started the decision's reserving phase; else no
    /// opinion.</summary>
    public ValueTask<PolicyResult> CheckAsync(CallContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (_decisions.Frequency is null || !context.Destination.IsParsed || _decisions.JoinIfStarted(context)?.Frequency is not { } pending)
        {
            return new(PolicyResult.Allow());
        }

        if (pending.IsCompletedSuccessfully)
        {
            return new(pending.Result);
        }

        return _fallbackEnabled ? WithFallbackAsync(pending, context) : new(pending);
    }

    public void Commit(CallContext context, in PolicyResult reservation)
    {
        // The entries were added when the call was admitted.
    }

    public void Release(CallContext context, in PolicyResult reservation)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (reservation.Reservation is RedisReservation redis)
        {
            redis.GiveBack();
        }
        else
        {
            _fallback?.Release(context, reservation);
        }
    }

    public void Complete(CallContext context, in PolicyResult reservation, CallOutcome outcome, DateTimeOffset completedAt)
    {
        // A placed call is an attempt whatever its outcome.
    }

    /// <summary>Erases the callee's attempt logs and its pairs' (every key in its hash slot's tag), and the node's
    /// fallback state.</summary>
    public async ValueTask ForgetAsync(PhoneNumberInfo number, CancellationToken cancellationToken)
    {
        if (!number.IsParsed)
        {
            return;
        }

        if (_fallback is IPersonalDataStore fallback)
        {
            await fallback.ForgetAsync(number, cancellationToken).ConfigureAwait(false);
        }

        await RedisErasure.DeleteMatchingAsync(_decisions.Gateway, _decisions.Gateway.Keys.DestinationFrequencyPattern(number.Key), cancellationToken).ConfigureAwait(false);
    }

    private static List<FrequencyCap> Share(FrequencyCap[] caps, int nodes)
        => caps.Select(cap => new FrequencyCap(cap.Limit / nodes, cap.Window)).ToList();

    private async ValueTask<PolicyResult> WithFallbackAsync(Task<PolicyResult> pending, CallContext context)
    {
        try
        {
            return await pending.ConfigureAwait(false);
        }
        catch (Exception e) when (RedisGateway.IsOutage(e))
        {
            return _fallback is null ? PolicyResult.Deny(ReasonCode.PolicyError) : LocalFallback.Decided(_fallback.EvaluateAsync(context, CancellationToken.None));
        }
    }
}
