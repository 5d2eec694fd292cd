using System;
using System.Globalization;

namespace ChinaDial.Compliance.Benchmarks.Evaluation;

/// <summary>
/// The campaign of <see cref="CampaignBenchmarks"/> and <see cref="CampaignProfileBenchmarks"/>: 1,024 approved caller
/// IDs calling 1,048,576 distinct +86 mobiles round robin, a clock stepping 15 ms per call, each allowed call's ticket
/// completed with an answered 90 s outcome. Each pass over the million callees is a new day (the clock jumps a day
/// when a runner starts the list again), so every pass is judged as a campaign's first call of the day to each callee,
/// however long the benchmark runs.
/// </summary>
internal static class Campaign
{
    public const int CallerIds = 1024;
    public const int Callees = 1 << 20;
    public const int CallsPerInvoke = 4096;
    public static readonly TimeSpan Step = TimeSpan.FromMilliseconds(15);
    public static readonly CallOutcome Answered = new(true, TimeSpan.FromSeconds(90));

    /// <summary>Caller ID <paramref name="i"/>.</summary>
    public static string CallerId(int i) => "+1206555" + (1000 + i).ToString(CultureInfo.InvariantCulture);

    /// <summary>The campaign's calls, in order.</summary>
    public static OutboundCall[] Calls()
    {
        var callerIds = new string[CallerIds];
        for (var i = 0; i < CallerIds; i++)
        {
            callerIds[i] = CallerId(i);
        }

        var calls = new OutboundCall[Callees];
        for (var i = 0; i < Callees; i++)
        {
            calls[i] = new OutboundCall(callerIds[i % CallerIds], "+86138" + i.ToString("D8", CultureInfo.InvariantCulture), CallPurpose.Service);
        }

        return calls;
    }

    /// <summary>Approves the campaign's caller IDs and turns calling hours off (every other default policy stays on).</summary>
    public static void Configure(ChinaDialComplianceOptions options)
    {
        options.CallingHours.Enabled = false;
        options.CallerIds.Approved.Clear();
        for (var i = 0; i < CallerIds; i++)
        {
            options.CallerIds.Approved.Add(CallerId(i));
        }
    }
}
