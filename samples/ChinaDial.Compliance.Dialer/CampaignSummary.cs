using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;

namespace ChinaDial.Compliance.Samples.Dialer;

/// <summary>What the campaign run did, per call; read it after the host has stopped.</summary>
public sealed class CampaignSummary
{
    private readonly Dictionary<ReasonCode, int> _denials = [];
    private readonly Dictionary<ReasonCode, int> _reschedules = [];

    /// <summary>Rows in the campaign.</summary>
    public int Calls { get; internal set; }

    /// <summary>Calls allowed and placed (their tickets completed).</summary>
    public int Placed { get; internal set; }

    /// <summary>Placed calls that were answered.</summary>
    public int Answered { get; internal set; }

    /// <summary>Calls denied: recorded and skipped.</summary>
    public int Denied { get; internal set; }

    /// <summary>Deferrals waited out within the run (one call may be deferred more than once).</summary>
    public int Waits { get; internal set; }

    /// <summary>Calls deferred past <see cref="DialerOptions.MaxWait"/> (or out of attempts): left for a later run.</summary>
    public int Rescheduled { get; internal set; }

    /// <summary>Allowed calls the dialer failed to place (tickets cancelled: no quota used).</summary>
    public int Failed { get; internal set; }

    /// <summary>Denied calls by reason (a call denied for two reasons counts under both).</summary>
    public IReadOnlyDictionary<ReasonCode, int> DenialsByReason => _denials;

    /// <summary>Rescheduled calls by the reason of their last deferral.</summary>
    public IReadOnlyDictionary<ReasonCode, int> ReschedulesByReason => _reschedules;

    internal void AddDenial(ReasonCodeSet reasons)
    {
        Denied++;
        Count(_denials, reasons);
    }

    internal void AddReschedule(ReasonCodeSet reasons)
    {
        Rescheduled++;
        Count(_reschedules, reasons);
    }

    /// <summary>Writes the summary for people.</summary>
    /// <param name="writer">Where to.</param>
    public void WriteTo(TextWriter writer)
    {
        System.ArgumentNullException.ThrowIfNull(writer);
        var culture = CultureInfo.InvariantCulture;
        writer.WriteLine(string.Create(culture, $"Campaign done: {Calls} calls"));
        writer.WriteLine(string.Create(culture, $"  placed       {Placed,4}  (answered {Answered})"));
        writer.WriteLine(string.Create(culture, $"  denied       {Denied,4}  {Describe(_denials)}"));
        writer.WriteLine(string.Create(culture, $"  rescheduled  {Rescheduled,4}  {Describe(_reschedules)}"));
        writer.WriteLine(string.Create(culture, $"  failed       {Failed,4}"));
        writer.WriteLine(string.Create(culture, $"  waits        {Waits,4}  (deferrals waited out in this run)"));
    }

    private static void Count(Dictionary<ReasonCode, int> counts, ReasonCodeSet reasons)
    {
        foreach (var reason in reasons)
        {
            counts[reason] = counts.GetValueOrDefault(reason) + 1;
        }
    }

    private static string Describe(Dictionary<ReasonCode, int> counts)
        => string.Join(", ", counts.OrderByDescending(pair => pair.Value).ThenBy(pair => pair.Key)
            .Select(pair => string.Create(CultureInfo.InvariantCulture, $"{pair.Key.ToJsonName()} {pair.Value}")));
}
