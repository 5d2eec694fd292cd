using FsCheck;
using FsCheck.Fluent;
using Microsoft.Extensions.Time.Testing;

namespace ChinaDial.Compliance.Tests.Evaluation;

/// <summary>
/// Policies never read each other's answers, so the order they are registered in changes no decision: two evaluators
/// over the same built-in policies (every default one, calling hours included), one in the built-in order and one in a
/// random permutation, judge the same calls on the same clock with the same ticket outcomes and decide alike.
/// </summary>
public class PolicyOrderPropertyTests
{
    private const int Cases = 1_000;

    private static readonly string[] CallerIds = ["+12065550100", "+12065550101", "+12065550199", "not a number"];
    private static readonly string[] Callees = ["+8613800138000", "+8613900139000", "+8616812345678", "+8640012345678"];
    private static readonly CallPurpose[] Purposes = [CallPurpose.Service, CallPurpose.Marketing, CallPurpose.Callback];
    private static readonly TimeSpan[] Steps = [TimeSpan.Zero, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(20), TimeSpan.FromMinutes(7), TimeSpan.FromHours(2)];

    [Fact]
    public void The_decision_is_the_same_whatever_the_order_the_policies_are_registered_in()
    {
        var scenarios =
            from seed in Gen.Choose(0, int.MaxValue)
            from length in Gen.Choose(1, 40)
            from ops in Gen.Choose(0, int.MaxValue).ArrayOf(length)
            select (seed, ops);

        Check.One(Config.QuickThrowOnFailure.WithMaxTest(Cases), Prop.ForAll(scenarios.ToArbitrary(), s => Run(s.seed, s.ops)));
    }

    private static bool Run(int seed, int[] ops)
    {
        var options = new ChinaDialComplianceOptions();
        options.CallerIds.Approved = ["+12065550100", "+12065550101"];
        options.Destinations.DeniedPrefixes = ["+86168"];
        options.CallerIdRate.Limit = 3;
        options.Concurrency.MaxCallsInProgress = 2;

        // 08:50 in Shanghai: calls before and after the window opens.
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 0, 50, 0, TimeSpan.Zero));
        using var inOrder = options.CreateEvaluator(clock);
        using var source = options.CreateEvaluator(clock);
        var permuted = source.Policies.ToArray();
        new Random(seed).Shuffle(permuted);
        using var shuffled = new OutboundCallEvaluator(permuted, options.Evaluator, clock);

        var pending = new List<(CallTicket A, CallTicket B)>();
        foreach (var op in ops)
        {
            clock.Advance(Steps[op % Steps.Length]);
            var call = new OutboundCall(CallerIds[(op >> 3) % CallerIds.Length], Callees[(op >> 5) % Callees.Length], Purposes[(op >> 7) % Purposes.Length]);
            var a = inOrder.EvaluateAsync(call).AsTask().GetAwaiter().GetResult();
            var b = shuffled.EvaluateAsync(call).AsTask().GetAwaiter().GetResult();
            if (a.Verdict != b.Verdict || a.Reasons != b.Reasons || a.ObservedReasons != b.ObservedReasons || a.NotBefore != b.NotBefore)
            {
                throw new InvalidOperationException(
                    $"Order [{string.Join(", ", permuted.Select(p => p.Name))}] decided {b.Verdict} {b.Reasons} {b.NotBefore:O} where the built-in order decided {a.Verdict} {a.Reasons} {a.NotBefore:O}.");
            }

            if (a.Ticket is { } ticketA && b.Ticket is { } ticketB)
            {
                pending.Add((ticketA, ticketB));
            }

            // Finish one of the open tickets alike on both sides: completed, cancelled, or left to expire.
            if (pending.Count > 0 && ((op >> 9) & 1) == 1)
            {
                var (ta, tb) = pending[0];
                pending.RemoveAt(0);
                if (((op >> 10) & 1) == 1)
                {
                    var outcome = new CallOutcome(Answered: ((op >> 11) & 1) == 1, TimeSpan.FromSeconds(40));
                    Assert.Equal(ta.Complete(outcome), tb.Complete(outcome));
                }
                else
                {
                    Assert.Equal(ta.Cancel(), tb.Cancel());
                }
            }
        }

        return true;
    }
}
