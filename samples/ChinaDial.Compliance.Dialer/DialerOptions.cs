using System;

namespace ChinaDial.Compliance.Samples.Dialer;

/// <summary>Settings of the dialer sample (section <c>Dialer</c>).</summary>
public sealed class DialerOptions
{
    /// <summary>The section name.</summary>
    public const string SectionName = "Dialer";

    /// <summary>The campaign CSV, relative to the content root (the executable's folder unless <c>--contentRoot</c> is given).
    /// Columns <c>id,destination,purpose</c>, optional <c>caller_id</c> (empty: chosen by <see cref="CallerIdSelector"/>) and
    /// <c>answered,duration_s</c> (the simulated outcome). Other columns are ignored, so <c>samples/data/calls.csv</c> works too.</summary>
    public string Campaign { get; set; } = "campaign.csv";

    /// <summary>The campaign id given to the evaluator (audit records, logs).</summary>
    public string CampaignId { get; set; } = "sample-campaign";

    /// <summary>The longest deferral waited out in this run; a call deferred further (calling hours, daily caps) is rescheduled. Default 2 minutes.</summary>
    public TimeSpan MaxWait { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Evaluations of one call before it is rescheduled. Default 5.</summary>
    public int MaxAttempts { get; set; } = 5;
}
