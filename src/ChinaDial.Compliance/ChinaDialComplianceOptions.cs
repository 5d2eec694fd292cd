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
        Section(errors, nameof(CallerIds), CallerIds, static (o, e, p) => o.Validate(e, p));
        Section(errors, nameof(Destinations), Destinations, static (o, e, p) => o.Validate(e, p));
        Section(errors, nameof(Consent), Consent, static (o, e, p) => o.Validate(e, p));
        Section(errors, nameof(CallingHours), CallingHours, static (o, e, p) => o.Validate(e, p));
        Section(errors, nameof(Audit), Audit, static (o, e, p) => o.Validate(e, p));
        Section(errors, nameof(CallerIdRate), CallerIdRate, static (o, e, p) => o.Validate(e, p));
        Section(errors, nameof(DestinationFrequency), DestinationFrequency, static (o, e, p) => o.Validate(e, p));
        Section(errors, nameof(Concurrency), Concurrency, static (o, e, p) => o.Validate(e, p));
        Section(errors, nameof(CallerIdHealth), CallerIdHealth, static (o, e, p) => o.Validate(e, p));
        Section(errors, nameof(CallerIdPacing), CallerIdPacing, static (_, _, _) => { });
        ValidatePacingLevels(errors);
        Section(errors, nameof(Evaluator), Evaluator, static (o, e, p) => o.Validate(e, p));
        Section(errors, nameof(ClickToDial), ClickToDial, static (o, e, p) => o.Validate(e, p));
        Section(errors, nameof(Retention), Retention, static (o, e, p) => o.Validate(e, p));
        Section(errors, nameof(RefuseLists), RefuseLists, static (o, e, p) => o.Validate(e, p));
        Section(errors, nameof(Alerts), Alerts, static (o, e, p) => o.Validate(e, p));
        return errors;
    }

    /// <summary>With pacing on, the warning levels it keeps every caller ID under must leave room to call: a caller ID
    /// at the fleet average is not over the volume level, a new callee fits in an hour, a callee may hear one caller ID
    /// (and at most 255, the slots pacing keeps per callee).</summary>
    private void ValidatePacingLevels(List<string> errors)
    {
        if (CallerIdPacing is not { Enabled: true } || CallerIdHealth is not { } health)
        {
            return;
        }

        var path = $"{SectionName}:{nameof(CallerIdHealth)}";
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
    private static void Section<T>(List<string> errors, string name, T? section, Action<T, ICollection<string>, string> validate)
        where T : class
    {
        if (OptionChecks.NotNull(errors, $"{SectionName}:{name}", section))
        {
            validate(section, errors, $"{SectionName}:{name}");
        }
    }

    /// <summary>Writes the audit record of a quarantine, with the signal, its figures and the end of the cool-down.</summary>
    private void AuditQuarantine(AuditTrail audit, CallerIdHealthChange change)
    {
        if (change.State != CallerIdHealthState.Quarantined)
        {
            return;
        }

        var thresholds = change.Signal switch
        {
            CallerIdHealthSignal.AnswerRate => CallerIdHealth.AnswerRate,
            CallerIdHealthSignal.ShortCallRatio => CallerIdHealth.ShortCallRatio,
            CallerIdHealthSignal.DistinctCalleesPerHour => CallerIdHealth.DistinctCalleesPerHour,
            CallerIdHealthSignal.VolumeToFleetAverage => CallerIdHealth.VolumeToFleetAverage,
            CallerIdHealthSignal.RepeatedCallRatio => CallerIdHealth.RepeatedCallRatio,
            CallerIdHealthSignal.VeryShortCallRatio => CallerIdHealth.VeryShortCallRatio,
            CallerIdHealthSignal.AnswerRateToFleet => CallerIdHealth.AnswerRateToFleet,
            _ => null,
        };
        try
        {
            audit.Sink.Write(audit.QuarantineRecord(change, thresholds, Instants.Add(change.At, CallerIdHealth.QuarantineCoolDown)));
        }
#pragma warning disable CA1031 // The quarantine stands whether or not its record could be written; the failure is counted.
        catch (Exception)
#pragma warning restore CA1031
        {
            EvaluatorTelemetry.PolicyErrors.Add(1, new KeyValuePair<string, object?>("policy", "audit"));
        }
    }

    private void AddRatePolicies(List<IOutboundCallPolicy> policies)
    {
        // Stateful policies reserve quota, so they run after the stateless ones.
        if (DestinationFrequency.Enabled)
        {
            policies.Add(new DestinationFrequencyPolicy(DestinationFrequency, Alerts));
        }

        if (CallerIdRate.Enabled)
        {
            policies.Add(new CallerIdRatePolicy(CallerIdRate, Alerts));
        }

        if (Concurrency.Enabled)
        {
            policies.Add(new ConcurrencyPolicy(Concurrency, Alerts));
        }

        // Last of the reserving policies: it records the call only when every other one allowed it.
        if (CallerIdPacing.Enabled)
        {
            policies.Add(new CallerIdPacingPolicy(new CallerIdPacer(CallerIds, CallerIdHealth)));
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
    /// Builds the evaluator with every built-in policy configured by these options (destination, caller ID, caller-ID
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
    /// <exception cref="ChinaDialComplianceOptionsException">The options are invalid; the message lists every problem.</exception>
    public OutboundCallEvaluator CreateEvaluator(TimeProvider? timeProvider = null, IEnumerable<IOutboundCallPolicy>? additionalPolicies = null, CallerIdHealthMonitor? healthMonitor = null, IConsentStore? consentStore = null, IAuditSink? auditSink = null, InMemoryRefuseLists? refuseLists = null, ComplianceTelemetryListener? telemetryListener = null)
    {
        ValidateOrThrow();
        var audit = auditSink is null ? null : new AuditTrail(auditSink, Audit.CreatePseudonymizer());
        healthMonitor ??= new CallerIdHealthMonitor(CallerIdHealth);
        if (audit is not null)
        {
            healthMonitor.HealthChanged += (_, change) => AuditQuarantine(audit, change);
        }

        List<IOutboundCallPolicy> policies =
        [
            new DestinationPolicy(Destinations),
            new CallerIdPolicy(CallerIds),
            new CallerIdQuarantinePolicy(healthMonitor),
            new ConsentPolicy(Consent, consentStore ?? new InMemoryConsentStore()),
        ];
        if (CallerIds.RequireCallbackVerification)
        {
            policies.Insert(2, new CallbackVerificationPolicy(CallerIds, CallerIds.VerificationsFile!));
        }

        if (RefuseLists.Lists.Count > 0)
        {
            policies.Add(new RefuseListPolicy(refuseLists ?? new InMemoryRefuseLists(RefuseLists)));
        }

        if (CallingHours.Enabled)
        {
            policies.Add(new CallingHoursPolicy(CallingHours));
        }

        AddRatePolicies(policies);
        var builtInCount = policies.Count;
        foreach (var policy in additionalPolicies ?? [])
        {
            ArgumentNullException.ThrowIfNull(policy, nameof(additionalPolicies));
            var builtIn = policies.FindIndex(0, builtInCount, p => p.Name == policy.Name);
            if (builtIn >= 0)
            {
                policies[builtIn] = policy;
            }
            else
            {
                policies.Add(policy);
            }
        }

        var evaluator = new OutboundCallEvaluator(policies, Evaluator, timeProvider, audit, telemetryListener);
        evaluator.AlsoErase(healthMonitor);
        return evaluator;
    }
}
