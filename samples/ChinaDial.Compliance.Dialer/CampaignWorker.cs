using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using ChinaDial.Compliance.Redis;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ChinaDial.Compliance.Samples.Dialer;

/// <summary>
/// Works through the campaign: evaluates each call; on Allow places it through the <see cref="ICampaignDialer"/> and completes
/// its ticket with the outcome; on Deny records and skips it; on Defer puts it back in the queue for <c>NotBefore</c> (other
/// calls go on meanwhile) unless that is past <see cref="DialerOptions.MaxWait"/>. Stops the host when the list is done.
/// </summary>
internal sealed class CampaignWorker(
    OutboundCallEvaluator evaluator,
    CallerIdSelector selector,
    ICampaignDialer dialer,
    CampaignSummary summary,
    DialerOptions options,
    IHostEnvironment environment,
    IHostApplicationLifetime lifetime,
    TimeProvider time,
    ILogger<CampaignWorker> logger,
    string store,
    RedisComplianceHealthCheck? redisHealth = null) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await RunAsync(stoppingToken).ConfigureAwait(false);
            summary.WriteTo(Console.Out);
        }
        finally
        {
            lifetime.StopApplication();
        }
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        var path = Path.Combine(environment.ContentRootPath, options.Campaign);
        var calls = CampaignFile.Read(path);
        summary.Calls = calls.Count;
        Log.Starting(logger, options.CampaignId, calls.Count, path, store);
        await WaitForRedisAsync(cancellationToken).ConfigureAwait(false);

        // Due time, then file order: a deferred call waits for its NotBefore while the others go on.
        var queue = new PriorityQueue<(CampaignCall Call, int Attempt), (DateTimeOffset Due, int Order)>();
        var order = 0;
        var start = time.GetUtcNow();
        foreach (var call in calls)
        {
            queue.Enqueue((call, 1), (start, order++));
        }

        while (queue.TryDequeue(out var item, out var due))
        {
            var wait = due.Due - time.GetUtcNow();
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, time, cancellationToken).ConfigureAwait(false);
            }

            var (call, attempt) = item;
            var callerId = call.CallerId ?? SelectCallerId(call);
            var decision = await evaluator.EvaluateAsync(
                new OutboundCall(callerId, call.Destination, call.Purpose) { CampaignId = options.CampaignId }, cancellationToken).ConfigureAwait(false);
            var masked = Log.Mask(call.Destination);
            switch (decision.Verdict)
            {
                case CallVerdict.Allow:
                    await PlaceAsync(call, callerId!, decision.Ticket!, cancellationToken).ConfigureAwait(false);
                    break;

                case CallVerdict.Deny:
                    summary.AddDenial(decision.Reasons);
                    Log.Denied(logger, call.Id, masked, decision.Reasons.ToString());
                    break;

                default:
                    var notBefore = decision.NotBefore ?? time.GetUtcNow();
                    if (notBefore - time.GetUtcNow() > options.MaxWait || attempt >= options.MaxAttempts)
                    {
                        summary.AddReschedule(decision.Reasons);
                        Log.Rescheduled(logger, call.Id, masked, decision.Reasons.ToString(), decision.NotBefore);
                    }
                    else
                    {
                        summary.Waits++;
                        Log.Deferred(logger, call.Id, masked, decision.Reasons.ToString(), notBefore);
                        queue.Enqueue((call, attempt + 1), (notBefore, order++));
                    }

                    break;
            }
        }
    }

    // The Redis connection is made in the background: calls evaluated before it is up fail closed (policy_error).
    private async Task WaitForRedisAsync(CancellationToken cancellationToken)
    {
        if (redisHealth is null)
        {
            return;
        }

        for (var attempt = 1; ; attempt++)
        {
            var health = await redisHealth.CheckHealthAsync(new HealthCheckContext(), cancellationToken).ConfigureAwait(false);
            if (health.Status != HealthStatus.Unhealthy || attempt == 50)   // Degraded: Redis answers (a durability warning, or the local fallback)
            {
                Log.RedisHealth(logger, health.Status.ToString(), health.Description);
                return;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), time, cancellationToken).ConfigureAwait(false);
        }
    }

    private string? SelectCallerId(CampaignCall call)
    {
        var selection = selector.Select(PhoneNumberClassifier.Classify(call.Destination), call.Purpose, time.GetUtcNow());
        return selection.Found ? selection.CallerId.ToE164String() : null;   // none: the evaluator denies with invalid_caller_id
    }

    private async Task PlaceAsync(CampaignCall call, string callerId, CallTicket ticket, CancellationToken cancellationToken)
    {
        CallOutcome outcome;
        try
        {
            outcome = await dialer.PlaceAsync(call, callerId, cancellationToken).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // A dialer failure is the call's outcome, not the campaign's end.
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
#pragma warning restore CA1031
        {
            ticket.Cancel();   // not placed: its quota is given back
            summary.Failed++;
            Log.DialFailed(logger, call.Id, Log.Mask(call.Destination), ex.GetType().Name);
            return;
        }

        ticket.Complete(outcome);   // feeds caller-ID health and frees the concurrency slot
        summary.Placed++;
        if (outcome.Answered)
        {
            summary.Answered++;
        }
    }
}
