using System;
using System.Collections.Generic;

namespace ChinaDial.Compliance;

/// <summary>
/// Every option of the compliance evaluator: one JSON shape for the library (configuration section
/// <see cref="SectionName"/>) and the <c>chinadial</c> command-line tool (<c>--policy FILE</c>).
/// </summary>
public sealed class ChinaDialComplianceOptions
{
    /// <summary>The configuration section the options bind from: <c>ChinaDialCompliance</c>.</summary>
    public const string SectionName = "ChinaDialCompliance";

    /// <summary>The approved caller-ID inventory and prohibited caller-ID types.</summary>
    public CallerIdOptions CallerIds { get; set; } = new();

    /// <summary>Which destinations may be called.</summary>
    public DestinationOptions Destinations { get; set; } = new();

    /// <summary>Which calls need consent on record.</summary>
    public ConsentOptions Consent { get; set; } = new();

    /// <summary>When callees may be called, in their local time.</summary>
    public CallingHoursOptions CallingHours { get; set; } = new();

    /// <summary>How audit records hash phone numbers.</summary>
    public AuditOptions Audit { get; set; } = new();

    /// <summary>The per-caller-ID rate limit (default: at most 5 calls in any 60 s window).</summary>
    public CallerIdRateOptions CallerIdRate { get; set; } = new();

    /// <summary>Caps on attempts per callee and per caller-ID/callee pair.</summary>
    public DestinationFrequencyOptions DestinationFrequency { get; set; } = new();

    /// <summary>The cap on calls in progress per caller ID.</summary>
    public ConcurrencyOptions Concurrency { get; set; } = new();

    /// <summary>Thresholds of the caller-ID health monitor, which quarantines caller IDs carriers are about to flag.</summary>
    public CallerIdHealthOptions CallerIdHealth { get; set; } = new();

    /// <summary>Caller-ID pacing: every call kept under the health monitor's warning levels (on by default).</summary>
    public CallerIdPacingOptions CallerIdPacing { get; set; } = new();

    /// <summary>Timeouts, ticket lifetime and per-policy modes.</summary>
    public OutboundCallEvaluatorOptions Evaluator { get; set; } = new();

    /// <summary>The click-to-dial front door (<see cref="ClickToDialGuard"/>): request caps, deny lists, deflection.</summary>
    public ClickToDialOptions ClickToDial { get; set; } = new();

    /// <summary>How long personal data is kept, per kind (consents after they end, audit records, outcome counters).</summary>
    public RetentionOptions Retention { get; set; } = new();

    /// <summary>Refuse-call and do-not-call lists, and the purposes each applies to.</summary>
    public RefuseListOptions RefuseLists { get; set; } = new();

    /// <summary>When the SDK warns before a limit is reached (<c>chinadial.limit.near</c>).</summary>
    public AlertOptions Alerts { get; set; } = new();

    /// <summary>Checks every option and returns every problem found (empty when the options are valid), each naming its
    /// full configuration path (<c>ChinaDialCompliance:CallingHours:Purposes:Marketing:Days:0</c>).</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        Validate(errors, SectionName);
        return errors;
    }

    /// <summary>Checks every section under <paramref name="path"/> (each section validates itself, the convention of
    /// every options class), then the one rule across sections: the health warning levels pacing keeps to.</summary>
    internal void Validate(ICollection<string> errors, string path)
    {
        Section(errors, path, nameof(CallerIds), CallerIds, static (o, e, p) => o.Validate(e, p));
        Section(errors, path, nameof(Destinations), Destinations, static (o, e, p) => o.Validate(e, p));
        Section(errors, path, nameof(Consent), Consent, static (o, e, p) => o.Validate(e, p));
        Section(errors, path, nameof(CallingHours), CallingHours, static (o, e, p) => o.Validate(e, p));
        Section(errors, path, nameof(Audit), Audit, static (o, e, p) => o.Validate(e, p));
        Section(errors, path, nameof(CallerIdRate), CallerIdRate, static (o, e, p) => o.Validate(e, p));
        Section(errors, path, nameof(DestinationFrequency), DestinationFrequency, static (o, e, p) => o.Validate(e, p));
        Section(errors, path, nameof(Concurrency), Concurrency, static (o, e, p) => o.Validate(e, p));
        Section(errors, path, nameof(CallerIdHealth), CallerIdHealth, static (o, e, p) => o.Validate(e, p));
        Section(errors, path, nameof(CallerIdPacing), CallerIdPacing, static (o, e, p) => o.Validate(e, p));
        ValidatePacingLevels(errors, path);
        Section(errors, path, nameof(Evaluator), Evaluator, static (o, e, p) => o.Validate(e, p));
        Section(errors, path, nameof(ClickToDial), ClickToDial, static (o, e, p) => o.Validate(e, p));
        Section(errors, path, nameof(Retention), Retention, static (o, e, p) => o.Validate(e, p));
        Section(errors, path, nameof(RefuseLists), RefuseLists, static (o, e, p) => o.Validate(e, p));
        Section(errors, path, nameof(Alerts), Alerts, static (o, e, p) => o.Validate(e, p));
    }

    /// <summary>With pacing on, the warning levels it keeps every caller ID under must leave room to call: a caller ID
    /// at the fleet average is not over the volume level, a new callee fits in an hour, a callee may hear one caller ID
    /// (and at most 255, the slots pacing keeps per callee).</summary>
    private void ValidatePacingLevels(ICollection<string> errors, string root)
    {
        if (CallerIdPacing is not { Enabled: true } || CallerIdHealth is not { } health)
        {
            return;
        }

        var path = $"{root}:{nameof(CallerIdHealth)}";
        const string Why = "with CallerIdPacing:Enabled, pacing keeps every caller ID under this warning level";
        if (health.DistinctCalleesPerHour is { Warning: var fanOut } && double.IsFinite(fanOut) && (HourlyCallees.MaxSetBits(fanOut) < 1 || fanOut > CallerIdPacer.MaxFanOutWarning))
        {
            errors.Add($"{path}:DistinctCalleesPerHour:Warning must be more than {OptionChecks.Text(HourlyCallees.Estimate(1))} (or no new callee could ever be called) and at most {CallerIdPacer.MaxFanOutWarning} (pacing keeps the hour's callees of each caller ID) {Why}; it is {OptionChecks.Text(fanOut)}.");
        }

        if (health.VolumeToFleetAverage is { Warning: var volume } && double.IsFinite(volume) && volume <= 1)
        {
            errors.Add($"{path}:VolumeToFleetAverage:Warning must be more than 1 {Why} (a caller ID at the fleet average would be over it); it is {OptionChecks.Text(volume)}.");
        }

        if (health.CallerIdsPerCalleePerDay is { Warning: var exposure } && double.IsFinite(exposure) && (exposure <= 1 || exposure > SlidingLogTable.MaxLimit + 1))
        {
            errors.Add($"{path}:CallerIdsPerCalleePerDay:Warning must be more than 1 and at most {SlidingLogTable.MaxLimit + 1} {Why} (a callee may hear one caller ID less a day); it is {OptionChecks.Text(exposure)}.");
        }
    }

    /// <summary>Validates one section of the options under its path, or reports it missing.</summary>
    private static void Section<T>(ICollection<string> errors, string path, string name, T? section, Action<T, ICollection<string>, string> validate)
        where T : class
    {
        if (OptionChecks.NotNull(errors, $"{path}:{name}", section))
        {
            validate(section, errors, $"{path}:{name}");
        }
    }

    /// <summary>Throws <see cref="ChinaDialComplianceOptionsException"/> listing every problem when the options are invalid.</summary>
    public void ValidateOrThrow()
    {
        var errors = Validate();
        if (errors.Count > 0)
        {
            throw new ChinaDialComplianceOptionsException(errors);
        }
    }

    /// <summary>
    /// Builds the evaluator (through <see cref="OutboundCallEvaluatorFactory"/>: the options only carry data) with every
    /// built-in policy configured by these options (destination, caller ID, caller-ID
    /// health, consent, calling hours, then the stateful destination frequency, caller-ID rate, concurrency and caller-ID
    /// pacing), followed by
    /// <paramref name="additionalPolicies"/>. An additional policy whose <see cref="IOutboundCallPolicy.Name"/> is the
    /// name of a built-in policy (<see cref="BuiltInPolicyNames"/>) replaces it, in its place: this is how the Redis
    /// adapter shares the caller-ID rate and destination frequency limits between dialer nodes.
    /// </summary>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <param name="additionalPolicies">Policies of your own, run after the built-in ones (or instead of the built-in policy of
    /// the same name).</param>
    /// <param name="healthMonitor">The caller-ID health monitor fed by completed tickets, shared with caller-ID selection
    /// and health reports; a new one from <see cref="CallerIdHealth"/> when <see langword="null"/>.</param>
    /// <param name="consentStore">Where consents and opt-outs are looked up; an empty <see cref="InMemoryConsentStore"/>
    /// when <see langword="null"/> (then every call whose purpose needs consent is <c>no_consent</c>).</param>
    /// <param name="auditSink">Where every decision and ticket outcome is recorded (numbers hashed with
    /// <see cref="AuditOptions.Pepper"/> and masked); none when <see langword="null"/>.</param>
    /// <param name="refuseLists">The refuse lists named in <see cref="RefuseLists"/>, imported; new, empty ones when
    /// <see langword="null"/> (then every call of a purpose a list applies to is <c>policy_error</c> until imported).</param>
    /// <param name="telemetryListener">Receives every decision and ticket outcome (logging, your own telemetry); none
    /// when <see langword="null"/>.</param>
    /// <returns>The evaluator; dispose it to detach it from <paramref name="healthMonitor"/> (the quarantine audit).</returns>
    /// <exception cref="ChinaDialComplianceOptionsException">The options are invalid; the message lists every problem.</exception>
    public OutboundCallEvaluator CreateEvaluator(TimeProvider? timeProvider = null, IEnumerable<IOutboundCallPolicy>? additionalPolicies = null, CallerIdHealthMonitor? healthMonitor = null, IConsentStore? consentStore = null, IAuditSink? auditSink = null, InMemoryRefuseLists? refuseLists = null, ComplianceTelemetryListener? telemetryListener = null)
        => OutboundCallEvaluatorFactory.Create(this, timeProvider, additionalPolicies, healthMonitor, consentStore, auditSink, refuseLists, telemetryListener);
}
