using System;
using System.Threading;
using System.Threading.Tasks;

namespace ChinaDial.Compliance;

/// <summary>
/// Denies a call to a callee who opted out of its purpose or of all calls (<c>opted_out</c>), and a call whose purpose
/// needs consent when no active consent is on record (<c>no_consent</c>). A store that fails or is slow makes the
/// evaluator deny with <c>policy_error</c>.
/// </summary>
internal sealed class ConsentPolicy : IOutboundCallPolicy
{
    private readonly IConsentStore _store;
    private readonly bool[] _required = new bool[3];

    public ConsentPolicy(ConsentOptions options, IConsentStore store)
    {
        ArgumentNullException.ThrowIfNull(options);
        _store = store ?? throw new ArgumentNullException(nameof(store));
        foreach (var purpose in options.RequiredFor)
        {
            _required[(int)purpose] = true;
        }
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
            return new(Decide(memory.GetStatus(context.Destination, context.Purpose, context.Instant), context.Purpose));
        }

        var pending = _store.GetStatusAsync(context.Destination, context.Purpose, context.Instant, cancellationToken);
        return pending.IsCompletedSuccessfully ? new(Decide(pending.Result, context.Purpose)) : AwaitAsync(pending.AsTask(), context.Purpose);
    }

    private async ValueTask<PolicyResult> AwaitAsync(Task<ConsentStatus> pending, CallPurpose purpose)
        => Decide(await pending.ConfigureAwait(false), purpose);

    private PolicyResult Decide(ConsentStatus status, CallPurpose purpose) => status switch
    {
        ConsentStatus.OptedOut => PolicyResult.Deny(ReasonCode.OptedOut),
        ConsentStatus.Granted => PolicyResult.Allow(),
        _ => _required[(int)purpose] ? PolicyResult.Deny(ReasonCode.NoConsent) : PolicyResult.Allow(),
    };
}
