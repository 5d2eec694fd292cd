namespace ChinaDial.Compliance.Redis;

/// <summary>Outcomes of one caller ID's placed calls over a range of minutes, summed over every node.</summary>
/// <param name="Placed">Calls placed (tickets completed).</param>
/// <param name="Answered">Calls answered.</param>
/// <param name="ShortCalls">Answered calls shorter than <see cref="RedisCallerIdOutcomeCounters.ShortCall"/>.</param>
public readonly record struct CallerIdOutcomeCounts(long Placed, long Answered, long ShortCalls);
