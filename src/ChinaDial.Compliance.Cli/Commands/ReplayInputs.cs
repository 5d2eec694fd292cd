using System;
using System.CommandLine;
using System.Linq;
using System.Globalization;
using ChinaDial.Compliance.Cli.Input;
using ChinaDial.Compliance.Cli.Replay;

namespace ChinaDial.Compliance.Cli.Commands;

/// <summary>The inputs <c>screen</c> and <c>report</c> share: the calls file, the policy, extra approved caller IDs,
/// consents, opt-outs and the duration assumed for calls without an outcome.</summary>
internal sealed class ReplayInputs
{
    private readonly Option<string> _calls = new("--calls") { Description = "CSV: id,at,caller_id,destination,purpose[,client_ip,answered,duration_s].", Required = true };
    private readonly Option<string?> _policy = new("--policy") { Description = "A policy JSON file (section ChinaDialCompliance); library defaults when absent." };
    private readonly Option<string[]> _approve = new("--approve") { Description = "A caller ID to add to the approved inventory (repeatable)." };
    private readonly Option<string?> _consents = new("--consents") { Description = "CSV: number,purpose,granted_at,revoked_at (revoked_at may be empty)." };
    private readonly Option<string?> _optOuts = new("--opt-outs") { Description = "CSV: number,purpose,at (purpose 'all' for every purpose)." };
    private readonly Option<string?> _assumedDuration = new("--assumed-duration") { Description = "How long an allowed call without an outcome (answered empty) is taken to last, hh:mm:ss from 00:00:00 to 1.00:00:00 (default 00:00:00: at once, never counted as in progress)." };
    private readonly Option<string[]> _refuseLists = new("--refuse-list") { Description = "NAME=FILE: the numbers of refuse list NAME, one E.164 number per line or a CSV with a 'number' column (repeatable). A list the policy's RefuseLists:Lists names applies to its purposes there (every one it names must be given); another, to marketing calls." };
    private readonly Option<string?> _audit = new("--audit") { Description = "Append every decision's audit record to this JSON Lines file (numbers masked and hashed with the policy's Audit:Pepper, which must be set), for chinadial evidence." };

    public void AddTo(Command command)
    {
        command.Add(_calls);
        command.Add(_policy);
        command.Add(_approve);
        command.Add(_consents);
        command.Add(_optOuts);
        command.Add(_assumedDuration);
        command.Add(_refuseLists);
        command.Add(_audit);
    }

    /// <summary>The input file paths given (to keep an output from overwriting one).</summary>
    public string?[] Paths(ParseResult parsed)
        => [parsed.GetValue(_calls), parsed.GetValue(_policy), parsed.GetValue(_consents), parsed.GetValue(_optOuts), .. (parsed.GetValue(_refuseLists) ?? []).Select(l => l.Contains('=', StringComparison.Ordinal) ? l[(l.IndexOf('=', StringComparison.Ordinal) + 1)..] : l)];

    /// <summary>Reads and checks every input before anything is replayed: the options (with <c>--approve</c> numbers
    /// added, validated), the consent store holding the <c>--consents</c> and <c>--opt-outs</c> files, the assumed
    /// duration, and every row of the calls file.</summary>
    /// <exception cref="InputException">An input cannot be read or is invalid.</exception>
    public ReplaySetup Read(ParseResult parsed)
    {
        var policyPath = parsed.GetValue(_policy);
        var options = PolicyFile.Load(policyPath, parsed.InvocationConfiguration.Error);
        foreach (var number in parsed.GetValue(_approve) ?? [])
        {
            options.CallerIds.Approved.Add(number);
        }

        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new InputException($"--approve: {string.Join("; ", errors)}");
        }

        PolicyFile.CheckVerifications(options, policyPath);
        var assumed = AssumedDuration(parsed.GetValue(_assumedDuration));
        var consents = new InMemoryConsentStore();
        if (parsed.GetValue(_consents) is { } consentsPath)
        {
            ConsentsFile.LoadInto(consentsPath, consents, options.Consent);
        }

        if (parsed.GetValue(_optOuts) is { } optOutsPath)
        {
            OptOutsFile.LoadInto(optOutsPath, consents);
        }

        var refuseLists = RefuseListsOption.Load(parsed.GetValue(_refuseLists) ?? [], options.RefuseLists, parsed.InvocationConfiguration.Error);
        var audit = parsed.GetValue(_audit);
        if (audit is not null)
        {
            AuditFiles.CheckWritable(audit, options);
        }

        var calls = parsed.GetValue(_calls)!;
        return new ReplaySetup(calls, CallsFile.IsInTimeOrder(calls), options, consents, assumed) { RefuseLists = refuseLists, AuditPath = audit };
    }

    private static TimeSpan AssumedDuration(string? text)
    {
        if (text is null)
        {
            return CallReplay.DefaultAssumedDuration;
        }

        return TimeSpan.TryParseExact(text, "c", CultureInfo.InvariantCulture, out var value) && value >= TimeSpan.Zero && value <= TimeSpan.FromDays(1)
            ? value
            : throw new InputException($"--assumed-duration is '{InputFile.Show(text)}'; expected a duration hh:mm:ss from 00:00:00 to 1.00:00:00 (one day).");
    }
}

/// <summary>The checked inputs of a replay.</summary>
/// <param name="CallsPath">The calls file, every row of which was read and checked.</param>
/// <param name="CallsInTimeOrder">Whether its rows are in <c>at</c> order (then they are streamed).</param>
/// <param name="Options">The options.</param>
/// <param name="Consents">The consents and opt-outs.</param>
/// <param name="AssumedDuration">How long an allowed call without an outcome is taken to last.</param>
internal sealed record ReplaySetup(string CallsPath, bool CallsInTimeOrder, ChinaDialComplianceOptions Options, InMemoryConsentStore Consents, TimeSpan AssumedDuration)
{
    /// <summary>The refuse lists, imported.</summary>
    public InMemoryRefuseLists? RefuseLists { get; init; }

    /// <summary>The JSON Lines audit file to append to (<c>--audit</c>), if any.</summary>
    public string? AuditPath { get; init; }

    /// <summary>A replay of these inputs, writing its audit records to <paramref name="audit"/> when given.</summary>
    public CallReplay CreateReplay(IAuditSink? audit = null) => new(Options, Consents, AssumedDuration, audit, RefuseLists);

    /// <summary>Replays the calls file through <paramref name="replay"/> (see <see cref="CallsFileReplay.Replay"/>), then
    /// ends the calls still in progress.</summary>
    public void Replay(CallReplay replay, Action<CallRow, CallDecision> onDecision, Action<CallRow>? onReplayed = null)
    {
        ArgumentNullException.ThrowIfNull(replay);
        CallsFileReplay.Replay(CallsPath, CallsInTimeOrder, replay.Replay, onDecision, onReplayed);
        replay.Finish();
    }

    /// <summary>The rule for calls without an outcome, as printed on stderr and in the report.</summary>
    public static string OutcomeRule(CallReplay replay)
    {
        ArgumentNullException.ThrowIfNull(replay);
        var assumed = replay.AssumedDuration.ToString("c", CultureInfo.InvariantCulture);
        return $"{replay.CallsWithoutOutcome} allowed call(s) had no outcome (answered empty): "
            + (replay.AssumedDuration == TimeSpan.Zero
                ? $"each was taken to end at once (--assumed-duration {assumed}), so none counted as a call in progress (concurrency was judged from the calls with an outcome only)"
                : $"each was taken to last {assumed} (--assumed-duration) and counted as a call in progress until then")
            + "; they told caller-ID health nothing.";
    }
}
