using System.Threading.Tasks;

namespace ChinaDial.Compliance.Redis;

/// <summary>The node's own decision while Redis cannot answer (<see cref="RedisFailureMode.LocalFallback"/>), by an
/// in-process policy of <see cref="InProcessPolicies"/> on the node's share.</summary>
internal static class LocalFallback
{
    /// <summary>The in-process policy's answer. Those policies answer synchronously; one that did not would be refused
    /// with <c>policy_error</c> (fail closed) rather than waited for.</summary>
    public static PolicyResult Decided(ValueTask<PolicyResult> answer)
        => answer.IsCompletedSuccessfully ? answer.Result : PolicyResult.Deny(ReasonCode.PolicyError);
}
