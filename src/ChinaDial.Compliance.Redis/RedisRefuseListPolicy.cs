using System;
using System.Threading;
using System.Threading.Tasks;

namespace ChinaDial.Compliance.Redis;

/// <summary>
/// The refuse lists shared by every node (<see cref="RedisRefuseLists"/>), asked with the rest of the decision's Redis
/// work (see <see cref="RedisDecisions"/>): <c>refuse_call_listed</c> for a callee on a list of the call's purpose,
/// <c>policy_error</c> when a list of the purpose was never imported or Redis does not answer (fail closed, whatever
/// <see cref="RedisComplianceOptions.FailureMode"/> says: no node knows the lists by itself). Replaces the in-process
/// policy of the same name.
/// </summary>
internal sealed class RedisRefuseListPolicy(RedisDecisions decisions) : IOutboundCallPolicy
{
    private readonly RedisDecisions _decisions = decisions ?? throw new ArgumentNullException(nameof(decisions));

    public string Name => BuiltInPolicyNames.RefuseList;

    public ValueTask<PolicyResult> EvaluateAsync(CallContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (_decisions.RefuseLists is null || !context.Destination.IsParsed)
        {
            return new(PolicyResult.Allow()); // no list configured, or the destination policy denies it
        }

        var pending = _decisions.Join(context, reserving: false, cancellationToken).RefuseLists!;
        return pending.IsCompletedSuccessfully ? new(Decide(pending.Result)) : AwaitAsync(pending);
    }

    private static async ValueTask<PolicyResult> AwaitAsync(Task<RefuseListAnswer> pending) => Decide(await pending.ConfigureAwait(false));

    private static PolicyResult Decide(RefuseListAnswer answer) => answer switch
    {
        RefuseListAnswer.Listed => PolicyResult.Deny(ReasonCode.RefuseCallListed),
        RefuseListAnswer.NotLoaded => PolicyResult.Deny(ReasonCode.PolicyError),
        _ => PolicyResult.Allow(),
    };
}
