using System;

namespace ChinaDial.Compliance;

/// <summary>
/// Creates the built-in in-process policies that keep state, each on its own: for an adapter that decides a rule
/// elsewhere (e.g. in Redis, shared by every node) and falls back to deciding it in process on the node's share when it
/// cannot. Each policy is the one <see cref="ChinaDialComplianceOptions.CreateEvaluator"/> builds, with the same name,
/// and keeps its own state: it shares nothing with an evaluator's policies.
/// </summary>
/// <remarks>Pass a policy to an evaluator as an additional policy (it replaces the built-in one of its name), or call it
/// as the evaluator does: <see cref="IOutboundCallPolicy.EvaluateAsync"/> for the decision, then for a reserving policy
/// <see cref="IReservingCallPolicy.Commit"/>, <see cref="IReservingCallPolicy.Release"/> or
/// <see cref="IReservingCallPolicy.Complete"/> with the result it returned. The in-process policies answer
/// synchronously: the task they return has completed.</remarks>
public static class InProcessPolicies
{
    /// <summary>The caller-ID rate policy (<see cref="BuiltInPolicyNames.CallerIdRate"/>): at most
    /// <see cref="CallerIdRateOptions.Limit"/> calls per caller ID in any sliding <see cref="CallerIdRateOptions.Window"/>,
    /// deferred with <c>caller_id_rate_limited</c>.</summary>
    /// <param name="options">The limit, window and algorithm (<see cref="CallerIdRateOptions.Enabled"/> is not read).</param>
    /// <returns>A new policy with no calls counted.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The options are invalid (every error named).</exception>
    public static IReservingCallPolicy CreateCallerIdRate(CallerIdRateOptions options) => new CallerIdRatePolicy(options);

    /// <summary>The concurrency policy (<see cref="BuiltInPolicyNames.Concurrency"/>): at most
    /// <see cref="ConcurrencyOptions.MaxCallsInProgress"/> calls in progress per caller ID, deferred with
    /// <c>concurrency_limited</c>.</summary>
    /// <param name="options">The cap (<see cref="ConcurrencyOptions.Enabled"/> is not read).</param>
    /// <returns>A new policy with no call in progress.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The options are invalid (every error named).</exception>
    public static IReservingCallPolicy CreateConcurrency(ConcurrencyOptions options) => new ConcurrencyPolicy(options);

    /// <summary>The destination frequency policy (<see cref="BuiltInPolicyNames.DestinationFrequency"/>): attempt caps
    /// per callee and per caller-ID/callee pair, deferred with <c>destination_frequency_exceeded</c>.</summary>
    /// <param name="options">The caps (<see cref="DestinationFrequencyOptions.Enabled"/> is not read).</param>
    /// <returns>A new policy with no attempts counted. It also implements <see cref="IPersonalDataStore"/>: erasing a
    /// number forgets its attempts.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The options are invalid (every error named).</exception>
    public static IReservingCallPolicy CreateDestinationFrequency(DestinationFrequencyOptions options) => new DestinationFrequencyPolicy(options);

    /// <summary>The caller-ID health policy (<see cref="BuiltInPolicyNames.CallerIdHealth"/>): denies a call from a
    /// caller ID that <paramref name="monitor"/> quarantined, with <c>caller_id_quarantined</c>.</summary>
    /// <param name="monitor">The monitor whose quarantines the policy enforces.</param>
    /// <returns>A new policy over <paramref name="monitor"/>. It also implements <see cref="ICallOutcomeObserver"/>:
    /// the outcomes it is given are recorded by the monitor.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="monitor"/> is <see langword="null"/>.</exception>
    public static IOutboundCallPolicy CreateCallerIdHealth(CallerIdHealthMonitor monitor)
    {
        ArgumentNullException.ThrowIfNull(monitor);
        return new CallerIdQuarantinePolicy(monitor);
    }
}
