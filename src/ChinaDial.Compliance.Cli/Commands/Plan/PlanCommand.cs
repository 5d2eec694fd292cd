using System;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json;
using ChinaDial.Compliance.Cli.Output;
using ChinaDial.Compliance.Cli.Input;
using ChinaDial.Compliance.Cli.Replay;

namespace ChinaDial.Compliance.Cli.Commands.Plan;

/// <summary>
/// <c>chinadial plan --callees N --purpose P [--policy FILE] [--window HH:mm-HH:mm] [--answer-rate R] [--call-length hh:mm:ss]
/// [--attempts N] [--retry-after hh:mm:ss] [--days N] [--start yyyy-MM-dd] [--seed N] [--max-caller-ids N]</c>: how many
/// caller IDs a campaign needs to be dialed in its days with none flagged, found by simulating it through the same
/// evaluator and caller-ID selector as a dialer (<see cref="CampaignPlanner"/>). One JSON object on stdout (the pool,
/// the campaign's duration, the pace per caller ID, the peak each flagging signal reached, every simulation run), a
/// summary on stderr. Exit 0 when a pool was found, 1 when none up to <c>--max-caller-ids</c> dials the campaign in its
/// days without a flag, 2 on bad input (naming the option).
/// </summary>
internal static class PlanCommand
{
    /// <summary>The most callees a plan simulates (each is held in memory with its behaviour).</summary>
    internal const int MaxCallees = 1_000_000;


    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var callees = new Option<string>("--callees") { Description = $"How many callees (+86 mobiles), 1 to {MaxCallees:N0}.", Required = true };
        var purpose = new Option<string>("--purpose") { Description = "marketing, service or callback.", Required = true };
        var policy = new Option<string?>("--policy") { Description = "A policy JSON file (section ChinaDialCompliance); library defaults when absent. Its approved caller IDs are replaced by the simulated pool." };
        var window = new Option<string?>("--window") { Description = "The calling window in the callees' local time, HH:mm-HH:mm (default: the policy's window for the purpose)." };
        var answerRate = new Option<string?>("--answer-rate") { Description = "The share of calls answered, more than 0 and at most 1 (default 0.25)." };
        var callLength = new Option<string?>("--call-length") { Description = "How long answered calls last on average, hh:mm:ss from 00:00:20 to 01:00:00 (default 00:03:00)." };
        var attempts = new Option<string?>("--attempts") { Description = "Calls per callee at most: an unanswered callee is called again, 1 to 3 (default 1)." };
        var retryAfter = new Option<string?>("--retry-after") { Description = "How long after an unanswered call the callee is called again, hh:mm:ss from 00:05:00 to 7.00:00:00 (default 02:00:00)." };
        var days = new Option<string?>("--days") { Description = "The calling days the campaign must be done in, 1 to 31 (default 1)." };
        var start = new Option<string?>("--start") { Description = "The first calling day, yyyy-MM-dd (default: tomorrow in the callees' zone)." };
        var seed = new Option<string?>("--seed") { Description = "The seed of the simulated callees' behaviour, a whole number (default 1)." };
        var maxCallerIds = new Option<string?>("--max-caller-ids") { Description = "The largest pool tried, 1 to 10,000 (default 2,000)." };
        var command = new Command("plan", "Find how many caller IDs a campaign needs to be dialed in its days with none flagged, by simulating it through the evaluator and the caller-ID selector.")
        {
            callees, purpose, policy, window, answerRate, callLength, attempts, retryAfter, days, start, seed, maxCallerIds,
        };
        command.SetAction(parsed =>
        {
            var policyPath = parsed.GetValue(policy);
            var options = PolicyFile.Load(policyPath, stderr);
            var zone = TimeZoneInfo.FindSystemTimeZoneById(options.CallingHours.TimeZone);
            var spec = new CampaignSpec
            {
                Callees = Whole(parsed.GetValue(callees), "--callees", 1, MaxCallees)!.Value,
                Purpose = Purpose(parsed.GetValue(purpose)!),
                StartDate = Date(parsed.GetValue(start)) ?? DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(TimeProvider.System.GetUtcNow(), zone).Date).AddDays(1),
                AnswerRate = Rate(parsed.GetValue(answerRate)) ?? 0.25,
                CallLength = Duration(parsed.GetValue(callLength), "--call-length", TimeSpan.FromSeconds(20), TimeSpan.FromHours(1)) ?? TimeSpan.FromMinutes(3),
                Attempts = Whole(parsed.GetValue(attempts), "--attempts", 1, 3) ?? 1,
                RetryAfter = Duration(parsed.GetValue(retryAfter), "--retry-after", TimeSpan.FromMinutes(5), TimeSpan.FromDays(7)) ?? TimeSpan.FromHours(2),
                Days = Whole(parsed.GetValue(days), "--days", 1, 31) ?? 1,
                Window = Window(parsed.GetValue(window)),
                Seed = Seed(parsed.GetValue(seed)),
            };
            var most = Whole(parsed.GetValue(maxCallerIds), "--max-caller-ids", 1, 10_000) ?? 2_000;
            ChinaDialComplianceOptions Policy() => policyPath is null ? new ChinaDialComplianceOptions() : PolicyFile.Load(policyPath, TextWriter.Null);
            try
            {
                CampaignSimulation.Options(Policy(), spec, 1);
            }
            catch (ChinaDialComplianceOptionsException error)
            {
                throw new InputException($"--window: {string.Join("; ", error.Errors)}");
            }

            var plan = CampaignPlanner.Plan(spec, Policy, most, static () =>
            {
                var clock = new ReplayClock();
                return (clock, clock.MoveTo);
            });
            stdout.WriteLine(Json(plan, options.CallerIds.Approved.Count));
            Summary(stderr, plan, most);
            return plan.Best is null ? ExitCodes.SomeFailed : ExitCodes.AllPassed;
        });
        return command;
    }

    private static int? Whole(string? text, string option, int min, int max)
    {
        if (text is null)
        {
            return null;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw new InputException($"{option} is '{InputFile.Show(text)}'; expected a whole number from {min.ToString("N0", CultureInfo.InvariantCulture)} to {max.ToString("N0", CultureInfo.InvariantCulture)}.");
    }

    private static CallPurpose Purpose(string text) => text.ToLowerInvariant() switch
    {
        "marketing" => CallPurpose.Marketing,
        "service" => CallPurpose.Service,
        "callback" => CallPurpose.Callback,
        _ => throw new InputException($"--purpose is '{InputFile.Show(text)}'; expected marketing, service or callback."),
    };

    private static double? Rate(string? text)
    {
        if (text is null)
        {
            return null;
        }

        return double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) && value > 0 && value <= 1
            ? value
            : throw new InputException($"--answer-rate is '{InputFile.Show(text)}'; expected a number more than 0 and at most 1 (0.25 for one call in four).");
    }

    private static TimeSpan? Duration(string? text, string option, TimeSpan min, TimeSpan max)
    {
        if (text is null)
        {
            return null;
        }

        return TimeSpan.TryParseExact(text, "c", CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw new InputException($"{option} is '{InputFile.Show(text)}'; expected a duration hh:mm:ss from {min:c} to {max:c}.");
    }

    private static DateOnly? Date(string? text)
    {
        if (text is null)
        {
            return null;
        }

        return DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var value) && value.Year is >= 1971 and <= 9990
            ? value
            : throw new InputException($"--start is '{InputFile.Show(text)}'; expected a date yyyy-MM-dd (years 1971 to 9990).");
    }

    private static (TimeSpan Start, TimeSpan End)? Window(string? text)
    {
        if (text is null)
        {
            return null;
        }

        var parts = text.Split('-');
        if (parts.Length == 2
            && TimeSpan.TryParseExact(parts[0], @"hh\:mm", CultureInfo.InvariantCulture, out var from)
            && (TimeSpan.TryParseExact(parts[1], @"hh\:mm", CultureInfo.InvariantCulture, out var to) || (parts[1] == "24:00" && (to = TimeSpan.FromDays(1)) > TimeSpan.Zero))
            && from < to)
        {
            return (from, to);
        }

        throw new InputException($"--window is '{InputFile.Show(text)}'; expected HH:mm-HH:mm with the start before the end (09:00-21:00; the end may be 24:00).");
    }

    private static ulong Seed(string? text)
    {
        if (text is null)
        {
            return 1;
        }

        return ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new InputException($"--seed is '{InputFile.Show(text)}'; expected a whole number from 0 to {ulong.MaxValue}.");
    }

    private static string Level(SimulationResult run, CallerIdHealthSignal signal) => run.Level(signal) switch
    {
        2 => "quarantined",
        1 => "warning",
        _ => "below warning",
    };

    private static string Json(CampaignPlan plan, int approvedInPolicy)
    {
        var spec = plan.Spec;
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, JsonOutput.WriterOptions))
        {
            json.WriteStartObject();
            if (plan.Best is { } best)
            {
                json.WriteNumber("callerIdsNeeded", best.PoolSize);
            }
            else
            {
                json.WriteNull("callerIdsNeeded");
            }

            json.WriteNumber("approvedInPolicy", approvedInPolicy);
            json.WriteStartObject("campaign");
            json.WriteNumber("callees", spec.Callees);
            json.WriteString("purpose", spec.Purpose.ToString().ToLowerInvariant());
            json.WriteString("start", spec.StartDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            json.WriteNumber("days", spec.Days);
            var run = plan.Best ?? plan.Probes[^1];
            var (_, _, window) = CampaignSimulation.Calendar(run.Options, spec);
            json.WriteString("window", $"{window.Start:hh\\:mm}-{(window.End == TimeSpan.FromDays(1) ? "24:00" : window.End.ToString(@"hh\:mm", CultureInfo.InvariantCulture))}");
            json.WriteString("timeZone", run.Options.CallingHours.TimeZone);
            json.WriteNumber("answerRate", spec.AnswerRate);
            json.WriteString("callLength", spec.CallLength.ToString("c", CultureInfo.InvariantCulture));
            json.WriteNumber("attempts", spec.Attempts);
            json.WriteString("retryAfter", spec.RetryAfter.ToString("c", CultureInfo.InvariantCulture));
            json.WriteNumber("seed", spec.Seed);
            json.WriteEndObject();

            json.WritePropertyName("run");
            Run(json, run);
            json.WritePropertyName("signals");
            Signals(json, run);
            json.WriteStartArray("simulations");
            foreach (var probe in plan.Probes)
            {
                json.WriteStartObject();
                json.WriteNumber("callerIds", probe.PoolSize);
                json.WriteBoolean("finished", probe.Finished);
                json.WriteNumber("calls", probe.Placed.Count);
                json.WriteNumber("quarantines", probe.Quarantines);
                json.WriteNumber("ruleBreaches", probe.TotalBreaches);
                json.WriteString("end", probe.End.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void Run(Utf8JsonWriter json, SimulationResult run)
    {
        json.WriteStartObject();
        json.WriteNumber("callerIds", run.PoolSize);
        json.WriteBoolean("finished", run.Finished);
        if (run.Span is { } span)
        {
            json.WriteString("firstCall", span.First.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
            json.WriteString("lastCall", span.Last.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
            json.WriteString("duration", (run.End - span.First).ToString(@"d\.hh\:mm\:ss", CultureInfo.InvariantCulture));
        }

        json.WriteNumber("calls", run.Placed.Count);
        json.WriteNumber("calleesReached", run.Reached);
        json.WriteNumber("retriesAfterDeadline", run.RetriesAfterDeadline);
        json.WriteStartObject("pacePerCallerId");
        json.WriteNumber("callsPerHour", Math.Round(run.CallsPerCallerIdHour.Mean, 1));
        json.WriteNumber("peakCallsPerHour", run.CallsPerCallerIdHour.Max);
        json.WriteEndObject();
        json.WriteNumber("quarantines", run.Quarantines);
        json.WriteNumber("ruleBreaches", run.TotalBreaches);
        json.WriteStartObject("breaches");
        foreach (var (rule, count) in run.Breaches)
        {
            json.WriteNumber(rule, count);
        }

        json.WriteEndObject();
        json.WriteStartObject("deferrals");
        foreach (var (reason, count) in run.Deferrals.OrderBy(d => d.Key))
        {
            json.WriteNumber(reason.ToJsonName(), count);
        }

        json.WriteEndObject();
        json.WriteNumber("selectorWaits", run.SelectorWaits);
        json.WriteNumber("pacingWaits", run.PacingWaits);
        json.WriteEndObject();
    }

    private static void Signals(Utf8JsonWriter json, SimulationResult run)
    {
        var health = run.Options.CallerIdHealth;
        json.WriteStartObject();
        void Signal(string name, CallerIdHealthSignal signal, HealthThresholds levels, bool lowIsBad, int? exact = null)
        {
            json.WriteStartObject(name);
            if (run.Peaks.TryGetValue(signal, out var peak))
            {
                json.WriteNumber(lowIsBad ? "lowest" : "peak", Math.Round(peak, 3));
            }
            else
            {
                json.WriteNull(lowIsBad ? "lowest" : "peak");
            }

            if (exact is { } counted)
            {
                json.WriteNumber("exactPeak", counted);
            }

            json.WriteNumber("warning", levels.Warning);
            json.WriteNumber("critical", levels.Critical);
            json.WriteString("level", Level(run, signal));
            json.WriteEndObject();
        }

        Signal("distinctCalleesPerHour", CallerIdHealthSignal.DistinctCalleesPerHour, health.DistinctCalleesPerHour, false, run.PeakExactCalleesPerHour);
        Signal("volumeToFleetAverage", CallerIdHealthSignal.VolumeToFleetAverage, health.VolumeToFleetAverage, false);
        Signal("repeatedCallRatio", CallerIdHealthSignal.RepeatedCallRatio, health.RepeatedCallRatio, false);
        Signal("answerRate", CallerIdHealthSignal.AnswerRate, health.AnswerRate, true);
        Signal("answerRateToFleet", CallerIdHealthSignal.AnswerRateToFleet, health.AnswerRateToFleet, true);
        Signal("shortCallRatio", CallerIdHealthSignal.ShortCallRatio, health.ShortCallRatio, false);
        Signal("veryShortCallRatio", CallerIdHealthSignal.VeryShortCallRatio, health.VeryShortCallRatio, false);
        json.WriteStartObject("callerIdsPerCalleePerDay");
        json.WriteNumber("peak", run.PeakCallerIdsPerCallee);
        json.WriteNumber("warning", health.CallerIdsPerCalleePerDay.Warning);
        json.WriteNumber("critical", health.CallerIdsPerCalleePerDay.Critical);
        json.WriteString("level", run.PeakCallerIdsPerCallee >= health.CallerIdsPerCalleePerDay.Critical ? "critical" : run.PeakCallerIdsPerCallee >= health.CallerIdsPerCalleePerDay.Warning ? "warning" : "below warning");
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void Summary(TextWriter stderr, CampaignPlan plan, int most)
    {
        var spec = plan.Spec;
        stderr.WriteLine(string.Create(CultureInfo.InvariantCulture, $"plan: {spec.Callees:N0} callees, {spec.Purpose.ToString().ToLowerInvariant()}, {spec.Attempts} call(s) each at most, {spec.Days} calling day(s) from {spec.StartDate:yyyy-MM-dd}, answer rate {spec.AnswerRate:0.##}, answered calls {spec.CallLength:c} on average; {plan.Probes.Count} simulation(s) of the campaign through the evaluator and the caller-ID selector"));
        if (plan.Best is not { } best)
        {
            var last = plan.Probes[^1];
            stderr.WriteLine(string.Create(CultureInfo.InvariantCulture, $"no pool of up to {most:N0} caller IDs dials it in {spec.Days} day(s) without a flag: with {last.PoolSize} it {(last.Finished ? "finished" : $"did {last.Progress:P1} of it")}, {last.Quarantines} quarantine(s), {last.TotalBreaches} rule breach(es) (the signals below show which limit binds)"));
            return;
        }

        var smaller = plan.Probes.FirstOrDefault(p => p.PoolSize == best.PoolSize - 1);
        stderr.WriteLine(string.Create(CultureInfo.InvariantCulture, $"caller IDs needed: {best.PoolSize}{(smaller is null ? string.Empty : $" (with {smaller.PoolSize}: {(smaller.Finished ? "done in time" : $"{smaller.Progress:P1} done by the deadline")}, {smaller.Quarantines} quarantine(s), {smaller.TotalBreaches} rule breach(es))")}"));
        if (best.Span is { } span)
        {
            stderr.WriteLine(string.Create(CultureInfo.InvariantCulture, $"campaign: first call {span.First:yyyy-MM-dd HH:mm}Z, last call {span.Last:yyyy-MM-dd HH:mm}Z, {best.Placed.Count:N0} calls, {best.Reached:N0} callees reached"));
        }

        stderr.WriteLine(string.Create(CultureInfo.InvariantCulture, $"pace per caller ID: {best.CallsPerCallerIdHour.Mean:0.0} calls an hour on average, {best.CallsPerCallerIdHour.Max} at most"));
        stderr.WriteLine(string.Create(CultureInfo.InvariantCulture, $"quarantines: {best.Quarantines}; rule breaches: {best.TotalBreaches}; waits for pacing: {best.PacingWaits:N0}"));
        var health = best.Options.CallerIdHealth;
        stderr.WriteLine(string.Create(CultureInfo.InvariantCulture, $"peaks: distinct callees per hour {best.Peaks.GetValueOrDefault(CallerIdHealthSignal.DistinctCalleesPerHour):0.##} (exactly {best.PeakExactCalleesPerHour}; warning {health.DistinctCalleesPerHour.Warning}), caller IDs per callee per day {best.PeakCallerIdsPerCallee} (warning {health.CallerIdsPerCalleePerDay.Warning}), volume against the fleet {best.Peaks.GetValueOrDefault(CallerIdHealthSignal.VolumeToFleetAverage):0.##} (warning {health.VolumeToFleetAverage.Warning})"));
    }
}
