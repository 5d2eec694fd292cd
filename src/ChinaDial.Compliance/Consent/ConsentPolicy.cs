using System;
using System.Threading;
using System.Threading.Tasks;

namespace ChinaDial.Compliance;

/// <summary>
/// Denies a call to a callee who opted out of its purpose or of all calls (<c>opted_out</c>), and a call whose purpose
/// needs consent when no active consent is on record, or only one without the proof the purpose needs
/// (<c>no_consent</c>). An allowed call carries the consent it relied on into its audit record. A store that fails or
/// is slow makes the evaluator deny with <c>policy_error</c>.
/// </summary>
internal sealed class ConsentPolicy : IOutboundCallPolicy, IPersonalDataStore
{
    private readonly IConsentStore _store;
    private readonly ConsentRule _rule;

    public ConsentPolicy(ConsentOptions options, IConsentStore store)
    {
        _rule = new ConsentRule(options ?? throw new ArgumentNullException(nameof(options)));
        _store = store ?? throw new ArgumentNullException(nameof(store));
    }

    public string Name => BuiltInPolicyNames.Consent;

    public ValueTask<PolicyResult> EvaluateAsync(CallContext context, CancellationToken cancellationToken)
    {
        if (!context.Destination.IsParsed)
        {
            return new(PolicyResult.Allow()); // the destination policy denies it
        }

        if (_store is InMemoryConsentStore memory)
        {
            return new(_rule.Decide(memory.Lookup(context.Destination, context.Purpose, context.Instant), context.Purpose));
        }

        var pending = _store.LookupAsync(context.Destination, context.Purpose, context.Instant, cancellationToken);
        return pending.IsCompletedSuccessfully ? new(_rule.Decide(pending.Result, context.Purpose)) : AwaitAsync(pending.AsTask(), context.Purpose);
    }

    /// <summary>Erases the callee from the store, when the store can (see <see cref="IPersonalDataStore"/>).</summary>
    public ValueTask ForgetAsync(PhoneNumberInfo number, CancellationToken cancellationToken)
        => _store is IPersonalDataStore store ? store.ForgetAsync(number, cancellationToken) : ValueTask.CompletedTask;

    private async ValueTask<PolicyResult> AwaitAsync(Task<ConsentLookup> pending, CallPurpose purpose)
        => _rule.Decide(await pending.ConfigureAwait(false), purpose);
}
