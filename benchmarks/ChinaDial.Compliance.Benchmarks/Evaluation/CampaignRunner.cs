using System;

namespace ChinaDial.Compliance.Benchmarks.Evaluation;

/// <summary>One evaluator and its clock: evaluates the campaign's calls in order from where it stopped, completes every
/// allowed ticket, and counts what it allowed.</summary>
internal sealed class CampaignRunner(OutboundCallEvaluator evaluator, CampaignClock clock)
{
    private int _next;

    /// <summary>Calls evaluated so far.</summary>
    public long Evaluated { get; private set; }

    /// <summary>Calls allowed so far.</summary>
    public long Allowed { get; private set; }

    /// <summary>The share of the calls allowed, for the run's log.</summary>
    public string Summary => $"{Allowed:N0} of {Evaluated:N0} calls allowed ({(double)Allowed / Math.Max(1, Evaluated):P1})";

    /// <summary>Evaluates the campaign's first invocation of calls (set-up), refusing a campaign whose options defer or
    /// deny most of them: the benchmarks measure the allow path.</summary>
    public void RunFirstCalls(OutboundCall[] calls)
    {
        if (Run(calls, Campaign.CallsPerInvoke) < Campaign.CallsPerInvoke / 2)
        {
            throw new InvalidOperationException("The campaign must be mostly allowed: check its options.");
        }
    }

    /// <summary>Evaluates the next <paramref name="count"/> calls; returns how many were allowed.</summary>
    public int Run(OutboundCall[] calls, int count)
    {
        var allowed = 0;
        for (var i = 0; i < count; i++)
        {
            if (_next == 0)
            {
                clock.Now += TimeSpan.FromDays(1); // a new pass over the list: a new day
            }

            clock.Now += Campaign.Step;
            var pending = evaluator.EvaluateAsync(calls[_next]);
            _next = (_next + 1) & (Campaign.Callees - 1);
            var decision = pending.IsCompletedSuccessfully ? pending.Result : throw new InvalidOperationException("A policy answered asynchronously.");
            if (decision.Ticket is { } ticket)
            {
                ticket.Complete(Campaign.Answered);
                allowed++;
            }
        }

        Evaluated += count;
        Allowed += allowed;
        return allowed;
    }
}
