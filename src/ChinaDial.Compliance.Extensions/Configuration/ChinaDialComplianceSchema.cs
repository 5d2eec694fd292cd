using System;
using System.Collections.Generic;
using Microsoft.Extensions.Configuration;

namespace ChinaDial.Compliance.Configuration;

/// <summary>
/// The configuration schema of <see cref="ChinaDialComplianceOptions"/>: every key the section <c>ChinaDialCompliance</c>
/// may hold, written out (no reflection, so binding stays trimming- and AOT-safe). A property missing here cannot be
/// configured (it is reported as an unknown key, never ignored); the README key-table test fails until it is added.
/// </summary>
internal static class ChinaDialComplianceSchema
{
    private static readonly ScalarParser<string> AnyKey = static (string text, out string value) =>
    {
        value = text;
        return text.Length > 0;
    };

    private static readonly ListNode<string> Texts = new(Scalars.Text);

    private static readonly ObjectNode<CallerIdOptions> CallerIds = new ObjectNode<CallerIdOptions>(static () => new())
        .Add("Approved", Texts, static o => o.Approved, static (o, v) => o.Approved = v)
        .Add("ApprovedDestinations", new MapNode<string, IList<string>>("caller IDs", AnyKey, Texts, static () => new Dictionary<string, IList<string>>(StringComparer.Ordinal)), static o => o.ApprovedDestinations, static (o, v) => o.ApprovedDestinations = v)
        .Add("ConnectInstances", new MapNode<string, IList<string>>("instance ids", AnyKey, Texts, static () => new Dictionary<string, IList<string>>(StringComparer.Ordinal)), static o => o.ConnectInstances, static (o, v) => o.ConnectInstances = v)
        .Add("ProhibitedRegions", Texts, static o => o.ProhibitedRegions, static (o, v) => o.ProhibitedRegions = v)
        .Add("ProhibitTollFree", Scalars.Boolean, static o => o.ProhibitTollFree, static (o, v) => o.ProhibitTollFree = v)
        .Add("ProhibitNonGeographic", Scalars.Boolean, static o => o.ProhibitNonGeographic, static (o, v) => o.ProhibitNonGeographic = v)
        .Add("RequireCallbackVerification", Scalars.Boolean, static o => o.RequireCallbackVerification, static (o, v) => o.RequireCallbackVerification = v)
        .Add("CallbackVerificationMaxAge", Scalars.Duration, static o => o.CallbackVerificationMaxAge, static (o, v) => o.CallbackVerificationMaxAge = v)
        .Add("ConnectConfigurationVersion", Scalars.Text, static o => o.ConnectConfigurationVersion, static (o, v) => o.ConnectConfigurationVersion = v)
        .Add("VerificationsFile", Scalars.Text, static o => o.VerificationsFile, static (o, v) => o.VerificationsFile = v);

    private static readonly ObjectNode<DestinationOptions> Destinations = new ObjectNode<DestinationOptions>(static () => new())
        .Add("AllowedCountries", Texts, static o => o.AllowedCountries, static (o, v) => o.AllowedCountries = v)
        .Add("DeniedCountries", Texts, static o => o.DeniedCountries, static (o, v) => o.DeniedCountries = v)
        .Add("DeniedPrefixes", Texts, static o => o.DeniedPrefixes, static (o, v) => o.DeniedPrefixes = v)
        .Add("AllowedKinds", new ListNode<PhoneNumberKind>(Scalars.Enum<PhoneNumberKind>()), static o => o.AllowedKinds, static (o, v) => o.AllowedKinds = v);

    private static readonly ObjectNode<ConsentOptions> Consent = new ObjectNode<ConsentOptions>(static () => new())
        .Add("RequiredFor", new ListNode<CallPurpose>(Scalars.Enum<CallPurpose>()), static o => o.RequiredFor, static (o, v) => o.RequiredFor = v)
        .Add("RequireProof", new ListNode<CallPurpose>(Scalars.Enum<CallPurpose>()), static o => o.RequireProof, static (o, v) => o.RequireProof = v);

    private static readonly ListNode<DayOfWeek> Days = new(Scalars.Enum<DayOfWeek>());

    private static readonly ObjectNode<CallingWindowOptions> CallingWindow = new ObjectNode<CallingWindowOptions>(static () => new())
        .Add("Start", Scalars.Duration, static o => o.Start, static (o, v) => o.Start = v)
        .Add("End", Scalars.Duration, static o => o.End, static (o, v) => o.End = v)
        .Add("Days", Days, static o => o.Days, static (o, v) => o.Days = v);

    private static readonly ObjectNode<CallingHoursOptions> CallingHours = new ObjectNode<CallingHoursOptions>(static () => new())
        .Add("Enabled", Scalars.Boolean, static o => o.Enabled, static (o, v) => o.Enabled = v)
        .Add("Start", Scalars.Duration, static o => o.Start, static (o, v) => o.Start = v)
        .Add("End", Scalars.Duration, static o => o.End, static (o, v) => o.End = v)
        .Add("Days", Days, static o => o.Days, static (o, v) => o.Days = v)
        .Add("TimeZone", Scalars.Text, static o => o.TimeZone, static (o, v) => o.TimeZone = v)
        .Add("CountryTimeZones", new MapNode<string, string>("region codes (ISO 3166)", AnyKey, Scalars.Text, static () => new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)), static o => o.CountryTimeZones, static (o, v) => o.CountryTimeZones = v)
        .Add("Purposes", new MapNode<CallPurpose, CallingWindowOptions>(Scalars.EnumExpected<CallPurpose>(), Scalars.TryParseEnum, CallingWindow, static () => new Dictionary<CallPurpose, CallingWindowOptions>()), static o => o.Purposes, static (o, v) => o.Purposes = v)
        .Add("RestrictedDates", Texts, static o => o.RestrictedDates, static (o, v) => o.RestrictedDates = v)
        .Add("StopBeforeEnd", Scalars.Duration, static o => o.StopBeforeEnd, static (o, v) => o.StopBeforeEnd = v);

    private static readonly ObjectNode<AuditOptions> Audit = new ObjectNode<AuditOptions>(static () => new())
        .Add("Pepper", Scalars.Text, static o => o.Pepper, static (o, v) => o.Pepper = v);

    private static readonly ObjectNode<CallerIdRateOptions> CallerIdRate = new ObjectNode<CallerIdRateOptions>(static () => new())
        .Add("Enabled", Scalars.Boolean, static o => o.Enabled, static (o, v) => o.Enabled = v)
        .Add("Limit", Scalars.Int32, static o => o.Limit, static (o, v) => o.Limit = v)
        .Add("Window", Scalars.Duration, static o => o.Window, static (o, v) => o.Window = v)
        .Add("Algorithm", Scalars.Enum<CallerIdRateAlgorithm>(), static o => o.Algorithm, static (o, v) => o.Algorithm = v)
        .Add("Burst", Scalars.Int32, static o => o.Burst, static (o, v) => o.Burst = v);

    private static readonly ListNode<FrequencyCap> Caps = new(new ObjectNode<FrequencyCap>(static () => new())
        .Add("Limit", Scalars.Int32, static o => o.Limit, static (o, v) => o.Limit = v)
        .Add("Window", Scalars.Duration, static o => o.Window, static (o, v) => o.Window = v));

    private static readonly ObjectNode<DestinationFrequencyOptions> DestinationFrequency = new ObjectNode<DestinationFrequencyOptions>(static () => new())
        .Add("Enabled", Scalars.Boolean, static o => o.Enabled, static (o, v) => o.Enabled = v)
        .Add("PerDestination", Caps, static o => o.PerDestination, static (o, v) => o.PerDestination = v)
        .Add("PerCallerIdAndDestination", Caps, static o => o.PerCallerIdAndDestination, static (o, v) => o.PerCallerIdAndDestination = v);

    private static readonly ObjectNode<ConcurrencyOptions> Concurrency = new ObjectNode<ConcurrencyOptions>(static () => new())
        .Add("Enabled", Scalars.Boolean, static o => o.Enabled, static (o, v) => o.Enabled = v)
        .Add("MaxCallsInProgress", Scalars.Int32, static o => o.MaxCallsInProgress, static (o, v) => o.MaxCallsInProgress = v);

    private static readonly ThresholdsNode Thresholds = new();

    private static readonly ObjectNode<CallerIdHealthOptions> CallerIdHealth = new ObjectNode<CallerIdHealthOptions>(static () => new())
        .Add("ShortCallThreshold", Scalars.Duration, static o => o.ShortCallThreshold, static (o, v) => o.ShortCallThreshold = v)
        .Add("VeryShortCallThreshold", Scalars.Duration, static o => o.VeryShortCallThreshold, static (o, v) => o.VeryShortCallThreshold = v)
        .Add("Window", Scalars.Duration, static o => o.Window, static (o, v) => o.Window = v)
        .Add("MinimumCalls", Scalars.Int32, static o => o.MinimumCalls, static (o, v) => o.MinimumCalls = v)
        .Add("AnswerRate", Thresholds, static o => o.AnswerRate, static (o, v) => o.AnswerRate = v)
        .Add("AnswerRateToFleet", Thresholds, static o => o.AnswerRateToFleet, static (o, v) => o.AnswerRateToFleet = v)
        .Add("ShortCallRatio", Thresholds, static o => o.ShortCallRatio, static (o, v) => o.ShortCallRatio = v)
        .Add("VeryShortCallRatio", Thresholds, static o => o.VeryShortCallRatio, static (o, v) => o.VeryShortCallRatio = v)
        .Add("DistinctCalleesPerHour", Thresholds, static o => o.DistinctCalleesPerHour, static (o, v) => o.DistinctCalleesPerHour = v)
        .Add("VolumeToFleetAverage", Thresholds, static o => o.VolumeToFleetAverage, static (o, v) => o.VolumeToFleetAverage = v)
        .Add("RepeatedCallRatio", Thresholds, static o => o.RepeatedCallRatio, static (o, v) => o.RepeatedCallRatio = v)
        .Add("CallerIdsPerCalleePerDay", Thresholds, static o => o.CallerIdsPerCalleePerDay, static (o, v) => o.CallerIdsPerCalleePerDay = v)
        .Add("QuarantineCoolDown", Scalars.Duration, static o => o.QuarantineCoolDown, static (o, v) => o.QuarantineCoolDown = v);

    private static readonly ObjectNode<CallerIdPacingOptions> CallerIdPacing = new ObjectNode<CallerIdPacingOptions>(static () => new())
        .Add("Enabled", Scalars.Boolean, static o => o.Enabled, static (o, v) => o.Enabled = v);

    private static readonly ObjectNode<OutboundCallEvaluatorOptions> Evaluator = new ObjectNode<OutboundCallEvaluatorOptions>(static () => new())
        .Add("PolicyTimeout", Scalars.Duration, static o => o.PolicyTimeout, static (o, v) => o.PolicyTimeout = v)
        .Add("TicketLifetime", Scalars.Duration, static o => o.TicketLifetime, static (o, v) => o.TicketLifetime = v)
        .Add("SchedulingHorizon", Scalars.Duration, static o => o.SchedulingHorizon, static (o, v) => o.SchedulingHorizon = v)
        .Add("ClockSkewTolerance", Scalars.Duration, static o => o.ClockSkewTolerance, static (o, v) => o.ClockSkewTolerance = v)
        .Add("PolicyModes", new MapNode<string, PolicyMode>("policy names", AnyKey, Scalars.Enum<PolicyMode>(), static () => new Dictionary<string, PolicyMode>(StringComparer.OrdinalIgnoreCase)), static o => o.PolicyModes, static (o, v) => o.PolicyModes = v);

    private static readonly ObjectNode<ClickToDialOptions> ClickToDial = new ObjectNode<ClickToDialOptions>(static () => new())
        .Add("Destinations", Destinations, static o => o.Destinations, static (o, v) => o.Destinations = v)
        .Add("Window", Scalars.Duration, static o => o.Window, static (o, v) => o.Window = v)
        .Add("PerNumberLimit", Scalars.Int32, static o => o.PerNumberLimit, static (o, v) => o.PerNumberLimit = v)
        .Add("PerIpLimit", Scalars.Int32, static o => o.PerIpLimit, static (o, v) => o.PerIpLimit = v)
        .Add("PerNarrowNetworkLimit", Scalars.Int32, static o => o.PerNarrowNetworkLimit, static (o, v) => o.PerNarrowNetworkLimit = v)
        .Add("PerWideNetworkLimit", Scalars.Int32, static o => o.PerWideNetworkLimit, static (o, v) => o.PerWideNetworkLimit = v)
        .Add("PendingCallbackLifetime", Scalars.Duration, static o => o.PendingCallbackLifetime, static (o, v) => o.PendingCallbackLifetime = v)
        .Add("MaxCounterBytes", Scalars.Int64, static o => o.MaxCounterBytes, static (o, v) => o.MaxCounterBytes = v)
        .Add("RequireAuthentication", Scalars.Boolean, static o => o.RequireAuthentication, static (o, v) => o.RequireAuthentication = v)
        .Add("DeflectionChannel", Scalars.Text, static o => o.DeflectionChannel, static (o, v) => o.DeflectionChannel = v);

    private static readonly ObjectNode<RetentionOptions> Retention = new ObjectNode<RetentionOptions>(static () => new())
        .Add("ConsentsAfterRevocation", Scalars.Duration, static o => o.ConsentsAfterRevocation, static (o, v) => o.ConsentsAfterRevocation = v)
        .Add("AuditRecords", Scalars.Duration, static o => o.AuditRecords, static (o, v) => o.AuditRecords = v)
        .Add("OutcomeCounters", Scalars.Duration, static o => o.OutcomeCounters, static (o, v) => o.OutcomeCounters = v);

    private static readonly ObjectNode<RefuseListOptions> RefuseLists = new ObjectNode<RefuseListOptions>(static () => new())
        .Add("Lists", new MapNode<string, IList<CallPurpose>>("list names", AnyKey, new ListNode<CallPurpose>(Scalars.Enum<CallPurpose>()), static () => new Dictionary<string, IList<CallPurpose>>(StringComparer.Ordinal)), static o => o.Lists, static (o, v) => o.Lists = v);

    private static readonly ObjectNode<AlertOptions> Alerts = new ObjectNode<AlertOptions>(static () => new())
        .Add("NearLimitShare", Scalars.Double, static o => o.NearLimitShare, static (o, v) => o.NearLimitShare = v);

    /// <summary>The section <c>ChinaDialCompliance</c>.</summary>
    public static readonly ObjectNode<ChinaDialComplianceOptions> Root = new ObjectNode<ChinaDialComplianceOptions>(static () => new())
        .Add("CallerIds", CallerIds, static o => o.CallerIds, static (o, v) => o.CallerIds = v)
        .Add("Destinations", Destinations, static o => o.Destinations, static (o, v) => o.Destinations = v)
        .Add("Consent", Consent, static o => o.Consent, static (o, v) => o.Consent = v)
        .Add("CallingHours", CallingHours, static o => o.CallingHours, static (o, v) => o.CallingHours = v)
        .Add("Audit", Audit, static o => o.Audit, static (o, v) => o.Audit = v)
        .Add("CallerIdRate", CallerIdRate, static o => o.CallerIdRate, static (o, v) => o.CallerIdRate = v)
        .Add("DestinationFrequency", DestinationFrequency, static o => o.DestinationFrequency, static (o, v) => o.DestinationFrequency = v)
        .Add("Concurrency", Concurrency, static o => o.Concurrency, static (o, v) => o.Concurrency = v)
        .Add("CallerIdHealth", CallerIdHealth, static o => o.CallerIdHealth, static (o, v) => o.CallerIdHealth = v)
        .Add("CallerIdPacing", CallerIdPacing, static o => o.CallerIdPacing, static (o, v) => o.CallerIdPacing = v)
        .Add("Evaluator", Evaluator, static o => o.Evaluator, static (o, v) => o.Evaluator = v)
        .Add("ClickToDial", ClickToDial, static o => o.ClickToDial, static (o, v) => o.ClickToDial = v)
        .Add("Retention", Retention, static o => o.Retention, static (o, v) => o.Retention = v)
        .Add("RefuseLists", RefuseLists, static o => o.RefuseLists, static (o, v) => o.RefuseLists = v)
        .Add("Alerts", Alerts, static o => o.Alerts, static (o, v) => o.Alerts = v);

    /// <summary>
    /// The warning and critical levels of a health signal. <see cref="HealthThresholds"/> is a positional record (no
    /// setters): it is built anew from the configured levels, a level not configured keeping its current value. The
    /// configuration binder's generated code bound into the default instance instead, whose init-only levels it never
    /// sets, so configured thresholds came back as the defaults.
    /// </summary>
    private sealed class ThresholdsNode : ConfigurationNode<HealthThresholds>
    {
        public override string Expected => "an object (JSON {...}) with Warning and Critical";

        public override bool TryRead(IConfigurationSection section, string path, HealthThresholds? current, ICollection<string> errors, out HealthThresholds value)
        {
            value = current!;
            if (section.Value is not null || !HasChildren(section))
            {
                errors.Add(Mismatch(path, section));
                return false;
            }

            double? warning = null, critical = null;
            var ok = true;
            foreach (var child in section.GetChildren())
            {
                if (string.Equals(child.Key, nameof(HealthThresholds.Warning), StringComparison.OrdinalIgnoreCase))
                {
                    ok &= Read(child, $"{path}:Warning", errors, ref warning);
                }
                else if (string.Equals(child.Key, nameof(HealthThresholds.Critical), StringComparison.OrdinalIgnoreCase))
                {
                    ok &= Read(child, $"{path}:Critical", errors, ref critical);
                }
                else
                {
                    errors.Add(NearMiss.NotAnOption(path, child.Key, [nameof(HealthThresholds.Warning), nameof(HealthThresholds.Critical)]));
                }
            }

            if (current is null && (warning is null || critical is null))
            {
                errors.Add($"{path} needs both Warning and Critical.");
                return false;
            }

            value = new HealthThresholds(warning ?? current!.Warning, critical ?? current!.Critical);
            return ok;
        }

        private static bool Read(IConfigurationSection section, string path, ICollection<string> errors, ref double? level)
        {
            if (!Scalars.Double.TryRead(section, path, default, errors, out var parsed))
            {
                return false;
            }

            level = parsed;
            return true;
        }
    }
}
