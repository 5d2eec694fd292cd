using System;
using System.Collections.Generic;

namespace ChinaDial.Compliance;

/// <summary>
/// The composition root of the core: builds an <see cref="OutboundCallEvaluator"/> from
/// <see cref="ChinaDialComplianceOptions"/> (which only carry data) — the built-in policies in their order, the
/// caller-ID health monitor, the audit trail and its quarantine records. Reached through
/// <see cref="ChinaDialComplianceOptions.CreateEvaluator"/>.
/// </summary>
internal static class OutboundCallEvaluatorFactory
{
    /// <summary>See <see cref="ChinaDialComplianceOptions.CreateEvaluator"/>.</summary>
    public static OutboundCallEvaluator Create(ChinaDialComplianceOptions options, TimeProvider? timeProvider, IEnumerable<IOutboundCallPolicy>? additionalPolicies, CallerIdHealthMonitor? healthMonitor, IConsentStore? consentStore, IAuditSink? auditSink, InMemoryRefuseLists? refuseLists, ComplianceTelemetryListener? telemetryListener = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.ValidateOrThrow();
        var audit = auditSink is null ? null : new AuditTrail(auditSink, options.Audit.CreatePseudonymizer());
        healthMonitor ??= new CallerIdHealthMonitor(options.CallerIdHealth);
        var policies = BuiltInPolicies(options, healthMonitor, consentStore, refuseLists);
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

        var evaluator = new OutboundCallEvaluator(policies, options.Evaluator, timeProvider, audit, telemetryListener);
        evaluator.AlsoErase(healthMonitor);
        if (audit is not null)
        {
            // Quarantines are audited for as long as the evaluator lives: disposing it unsubscribes.
            EventHandler<CallerIdHealthChange> handler = new QuarantineAudit(audit, options.CallerIdHealth).OnHealthChanged;
            var monitor = healthMonitor;
            monitor.HealthChanged += handler;
            evaluator.OnDispose(() => monitor.HealthChanged -= handler);
        }

        return evaluator;
    }

    /// <summary>The built-in policies the options turn on: those that reserve nothing, then the reserving ones (the
    /// evaluator runs them in two phases whatever their order; this order is the one reports list).</summary>
    private static List<IOutboundCallPolicy> BuiltInPolicies(ChinaDialComplianceOptions options, CallerIdHealthMonitor healthMonitor, IConsentStore? consentStore, InMemoryRefuseLists? refuseLists)
    {
        List<IOutboundCallPolicy> policies =
        [
            new DestinationPolicy(options.Destinations),
            new CallerIdPolicy(options.CallerIds),
            new CallerIdQuarantinePolicy(healthMonitor),
            new ConsentPolicy(options.Consent, consentStore ?? new InMemoryConsentStore()),
        ];
        if (options.CallerIds.RequireCallbackVerification)
        {
            policies.Insert(2, new CallbackVerificationPolicy(options.CallerIds, options.CallerIds.VerificationsFile!));
        }

        if (options.RefuseLists.Lists.Count > 0)
        {
            policies.Add(new RefuseListPolicy(refuseLists ?? new InMemoryRefuseLists(options.RefuseLists)));
        }

        if (options.CallingHours.Enabled)
        {
            policies.Add(new CallingHoursPolicy(options.CallingHours));
        }

        if (options.DestinationFrequency.Enabled)
        {
            policies.Add(new DestinationFrequencyPolicy(options.DestinationFrequency, options.Alerts));
        }

        if (options.CallerIdRate.Enabled)
        {
            policies.Add(new CallerIdRatePolicy(options.CallerIdRate, options.Alerts));
        }

        if (options.Concurrency.Enabled)
        {
            policies.Add(new ConcurrencyPolicy(options.Concurrency, options.Alerts));
        }

        // Last of the reserving policies: it records the call only when every other one allowed it.
        if (options.CallerIdPacing.Enabled)
        {
            policies.Add(new CallerIdPacingPolicy(new CallerIdPacer(options.CallerIds, options.CallerIdHealth)));
        }

        return policies;
    }
}
