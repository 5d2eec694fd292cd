using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;

namespace ChinaDial.Compliance.Samples.Dialer;

/// <summary>Places one allowed call and reports how it ended: plug your telephony in here.</summary>
public interface ICampaignDialer
{
    /// <summary>Places <paramref name="row"/> from <paramref name="callerId"/>.</summary>
    /// <param name="row">The campaign row.</param>
    /// <param name="callerId">The caller ID the evaluator allowed.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>How the call ended. Throwing means it was not placed.</returns>
    ValueTask<CallOutcome> PlaceAsync(CampaignCall row, string callerId, CancellationToken cancellationToken);
}

/// <summary>The fake dialer: "places" the call at once and reports the row's simulated outcome (default: answered, 60 s).</summary>
internal sealed class SimulatedDialer(ILogger<SimulatedDialer> logger) : ICampaignDialer
{
    public ValueTask<CallOutcome> PlaceAsync(CampaignCall row, string callerId, CancellationToken cancellationToken)
    {
        var outcome = row.SimulatedOutcome ?? new CallOutcome(Answered: true, Duration: TimeSpan.FromSeconds(60));
        Log.Dialling(logger, row.Id, Log.Mask(callerId), Log.Mask(row.Destination), outcome.Answered, outcome.Duration);
        return ValueTask.FromResult(outcome);
    }
}
