using System;
using System.Collections.Generic;

namespace ChinaDial.Compliance.Cli.Report;

/// <summary>
/// Caller-ID health sampled while a replay runs, at the first call of every step of replay time, so that the report
/// shows how each caller ID's signals moved and the worst they reached, not only where they ended (at the end of a
/// campaign the rolling window may hold no call at all). At most <see cref="MaxSamples"/> samples: past that, every
/// other sample is dropped and the step doubles.
/// </summary>
internal sealed class HealthTimeline
{
    private const int MaxSamples = 192;
    private long _step = TimeSpan.FromMinutes(15).Ticks;
    private readonly CallerIdHealthMonitor _monitor;
    private long _next = long.MinValue;

    /// <summary>Follows <paramref name="monitor"/>: samples its reports, and keeps every warning, quarantine and return
    /// with its instant.</summary>
    /// <param name="monitor">The replay's health monitor.</param>
    public HealthTimeline(CallerIdHealthMonitor monitor)
    {
        _monitor = monitor;
        monitor.HealthChanged += (_, change) => Changes.Add(change);
    }

    /// <summary>Every change of state, in order.</summary>
    public List<CallerIdHealthChange> Changes { get; } = [];

    /// <summary>The samples, oldest first.</summary>
    public List<(DateTimeOffset At, IReadOnlyList<CallerIdHealthReport> Reports)> Samples { get; } = [];

    /// <summary>Takes a sample at <paramref name="at"/> when a step has passed since the last one.</summary>
    /// <param name="at">The instant of the call just replayed.</param>
    public void Observe(DateTimeOffset at)
    {
        if (at.UtcTicks < _next)
        {
            return;
        }

        Samples.Add((at, _monitor.GetReports(at)));
        _next = at.UtcTicks + _step;
        if (Samples.Count > MaxSamples)
        {
            var kept = 0;
            for (var i = 0; i < Samples.Count; i += 2)
            {
                Samples[kept++] = Samples[i];
            }

            Samples.RemoveRange(kept, Samples.Count - kept);
            _step *= 2;
        }
    }

    /// <summary>Takes the last sample, at the end of the replay.</summary>
    /// <param name="end">The end of the replay.</param>
    public void Finish(DateTimeOffset end)
    {
        if (Samples.Count == 0 || Samples[^1].At < end)
        {
            Samples.Add((end, _monitor.GetReports(end)));
        }
    }
}
