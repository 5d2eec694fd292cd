using System.Threading;
using System.Threading.Tasks;

namespace ChinaDial.Compliance;

/// <summary>
/// One compliance rule, evaluated for every call by <see cref="OutboundCallEvaluator"/>.
/// </summary>
/// <remarks>
/// A policy sees the parsed <see cref="CallContext"/>, never raw strings, and answers with a
/// <see cref="PolicyResult"/>: it never throws for a bad number or a missing record. If it throws anyway, or does
/// not answer within the evaluator's timeout, the evaluator denies the call with <see cref="ReasonCode.PolicyError"/>.
/// Policies that answer synchronously should return a completed <see cref="ValueTask{TResult}"/>: the evaluator
/// then neither allocates nor awaits.
/// </remarks>
public interface IOutboundCallPolicy
{
    /// <summary>A short stable name (e.g. <c>caller-id</c>), used for modes in configuration, audit and metrics.</summary>
    string Name { get; }

    /// <summary>Judges one call.</summary>
    ValueTask<PolicyResult> EvaluateAsync(CallContext context, CancellationToken cancellationToken);
}
