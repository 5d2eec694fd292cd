using System;

namespace ChinaDial.Compliance.Cli.Commands.Plan;

/// <summary>
/// A campaign to simulate: who is called, what for, when, and how the callees behave. The callees' behaviour follows
/// stated distributions (see <see cref="SimulatedCallees"/>): each callee's pickup probability is drawn from a Beta
/// distribution whose mean is <see cref="AnswerRate"/>; each answered call is hung up within 15 s one time in twenty,
/// else lasts a log-normal time (σ 0.75) so that answered calls last <see cref="CallLength"/> on average; an unanswered
/// call rings 20 to 45 s.
/// </summary>
internal sealed record CampaignSpec
{
    /// <summary>How many callees (each a distinct +86 mobile number).</summary>
    public required int Callees { get; init; }

    /// <summary>The purpose of every call.</summary>
    public required CallPurpose Purpose { get; init; }

    /// <summary>The first day of the campaign, in the callees' calling zone.</summary>
    public required DateOnly StartDate { get; init; }

    /// <summary>The mean pickup probability of the callees.</summary>
    public double AnswerRate { get; init; } = 0.25;

    /// <summary>How long answered calls last on average.</summary>
    public TimeSpan CallLength { get; init; } = TimeSpan.FromMinutes(3);

    /// <summary>Calls per callee at most: an unanswered callee is called again <see cref="RetryAfter"/> later.</summary>
    public int Attempts { get; init; } = 1;

    /// <summary>How long after an unanswered call the callee is called again.</summary>
    public TimeSpan RetryAfter { get; init; } = TimeSpan.FromHours(2);

    /// <summary>The calling days the campaign must be done in (every callee called <see cref="Attempts"/> times or reached).</summary>
    public int Days { get; init; } = 1;

    /// <summary>The calling window (local start and end), replacing the policy's window for <see cref="Purpose"/>.</summary>
    public (TimeSpan Start, TimeSpan End)? Window { get; init; }

    /// <summary>The seed of every random draw: the same spec gives the same campaign.</summary>
    public ulong Seed { get; init; } = 1;
}

/// <summary>How the simulated dialer picks caller IDs.</summary>
internal enum DialingStrategy
{
    /// <summary>Asks <see cref="CallerIdSelector"/>, and waits for the instant it names when no caller ID may call now.</summary>
    Selector,

    /// <summary>The naive baseline: the next caller ID of the pool for every call, dialed as soon as the evaluator allows.</summary>
    RoundRobin,
}
