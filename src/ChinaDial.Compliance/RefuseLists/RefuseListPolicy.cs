using System;
using System.Threading;
using System.Threading.Tasks;

namespace ChinaDial.Compliance;

/// <summary>
/// Refuses a call to a callee on a refuse-call or do-not-call list that applies to its purpose
/// (<c>refuse_call_listed</c>), and every call of a purpose whose list was never imported (<c>policy_error</c>: fail
/// closed). Synchronous; one keyed hash and one look per list.
/// </summary>
internal sealed class RefuseListPolicy(InMemoryRefuseLists lists) : IOutboundCallPolicy
{
    private readonly InMemoryRefuseLists _lists = lists ?? throw new ArgumentNullException(nameof(lists));

    public string Name => BuiltInPolicyNames.RefuseList;

    public ValueTask<PolicyResult> EvaluateAsync(CallContext context, CancellationToken cancellationToken)
        => new(_lists.Check(context.Destination, context.Purpose) switch
        {
            RefuseListAnswer.Listed => PolicyResult.Deny(ReasonCode.RefuseCallListed),
            RefuseListAnswer.NotLoaded => PolicyResult.Deny(ReasonCode.PolicyError),
            _ => PolicyResult.Allow(),
        });
}
