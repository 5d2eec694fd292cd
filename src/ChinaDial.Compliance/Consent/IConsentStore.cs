using System;
using System.Threading;
using System.Threading.Tasks;

namespace ChinaDial.Compliance;

/// <summary>
/// Where consents and opt-outs live: in memory (<see cref="InMemoryConsentStore"/>) or shared by many dialer nodes
/// (the Redis adapter). An implementation answers synchronously when it can — a completed
/// <see cref="ValueTask{TResult}"/> allocates nothing — and may throw or be slow: the evaluator then denies the call
/// with <c>policy_error</c>, never allows it.
/// </summary>
public interface IConsentStore
{
    /// <summary>The status of calling <paramref name="callee"/> for <paramref name="purpose"/> at <paramref name="at"/>:
    /// an opt-out recorded at or before <paramref name="at"/> (for the purpose or for all) wins over any consent.</summary>
    ValueTask<ConsentStatus> GetStatusAsync(PhoneNumberInfo callee, CallPurpose purpose, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>
    /// As <see cref="GetStatusAsync"/>, with the consent in force when the status is <see cref="ConsentStatus.Granted"/>
    /// (its reference, proof and grant instant): what the evaluator asks, and writes into the call's audit record. The
    /// default gives the status without evidence; a store that keeps proofs overrides it. Without evidence, a purpose in
    /// <see cref="ConsentOptions.RequireProof"/> is <c>no_consent</c> (no proof, no call).
    /// </summary>
    ValueTask<ConsentLookup> LookupAsync(PhoneNumberInfo callee, CallPurpose purpose, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var status = GetStatusAsync(callee, purpose, at, cancellationToken);
        return status.IsCompletedSuccessfully ? new(new ConsentLookup(status.Result)) : AwaitStatusAsync(status);
    }

    private static async ValueTask<ConsentLookup> AwaitStatusAsync(ValueTask<ConsentStatus> status)
        => new(await status.ConfigureAwait(false));
}
