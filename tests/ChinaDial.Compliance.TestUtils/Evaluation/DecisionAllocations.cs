using Microsoft.Extensions.Time.Testing;

namespace ChinaDial.Compliance.Tests.Evaluation;

/// <summary>
/// Counts the bytes an evaluator allocates per call on the evaluating thread (with
/// <see cref="GC.GetAllocatedBytesForCurrentThread"/>, never timed): the calls are evaluated in order, the clock moved
/// on by a step before each, every allowed ticket completed; the first calls warm up, the rest are measured.
/// </summary>
internal static class DecisionAllocations
{
    private static readonly CallOutcome Answered = new(true, TimeSpan.FromSeconds(90));

    /// <summary>The bytes allocated over <paramref name="calls"/> after the first <paramref name="warmUp"/>, and how many
    /// of those were allowed.</summary>
    public static (long Bytes, int Allowed) Measure(OutboundCallEvaluator evaluator, FakeTimeProvider clock, TimeSpan step, ReadOnlySpan<OutboundCall> calls, int warmUp)
    {
        Run(evaluator, clock, step, calls[..warmUp]);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var allowed = Run(evaluator, clock, step, calls[warmUp..]);
        return (GC.GetAllocatedBytesForCurrentThread() - before, allowed);
    }

    private static int Run(OutboundCallEvaluator evaluator, FakeTimeProvider clock, TimeSpan step, ReadOnlySpan<OutboundCall> calls)
    {
        var allowed = 0;
        foreach (var call in calls)
        {
            clock.Advance(step);
            var pending = evaluator.EvaluateAsync(call);
            var decision = pending.IsCompletedSuccessfully ? pending.Result : throw new InvalidOperationException("A policy answered asynchronously.");
            if (decision.Ticket is { } ticket)
            {
                ticket.Complete(Answered);
                allowed++;
            }
        }

        return allowed;
    }
}
