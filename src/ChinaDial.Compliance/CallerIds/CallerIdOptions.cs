using System;
using System.Collections.Generic;

namespace ChinaDial.Compliance;

/// <summary>
/// The approved caller-ID inventory and the caller-ID types carriers refuse for calls into China.
/// Bound from the <c>ChinaDialCompliance:CallerIds</c> configuration section.
/// </summary>
public sealed class CallerIdOptions
{
    /// <summary>
    /// The caller IDs the dialer may present, in E.164 form (<c>+12065550100</c>): DID numbers that can take a call
    /// back. Empty by default, so every caller ID is <c>caller_id_not_approved</c> until the inventory is configured.
    /// A number here that is itself prohibited (toll-free, UIFN, prohibited region, invalid, a Chinese public-service
    /// number or 95/96 service short code) fails validation at start-up.
    /// </summary>
    public IList<string> Approved { get; set; } = [];

    /// <summary>
    /// Optional narrowing of <see cref="Approved"/>: caller ID (E.164) → the destination regions (ISO 3166, e.g.
    /// <c>CN</c>) it may call. A caller ID not listed here may call every region.
    /// </summary>
    public IDictionary<string, IList<string>> ApprovedDestinations { get; set; } = new Dictionary<string, IList<string>>(StringComparer.Ordinal);

    /// <summary>
    /// Optional: Amazon Connect instance id → the approved caller IDs claimed by that instance. Caller-ID selection
    /// interleaves the instances so that load spreads across them, and tells which instance to send through.
    /// </summary>
    public IDictionary<string, IList<string>> ConnectInstances { get; set; } = new Dictionary<string, IList<string>>(StringComparer.Ordinal);

    /// <summary>
    /// Regions whose numbers may not be presented to Chinese callees (ISO 3166 codes). Default <c>HK, MO, TW, SG</c>:
    /// Amazon Connect's China calling restrictions. Carriers change the list, hence an option.
    /// </summary>
    public IList<string> ProhibitedRegions { get; set; } = ["HK", "MO", "TW", "SG"];

    /// <summary>Whether toll-free caller IDs are refused (<c>caller_id_toll_free</c>). Default <see langword="true"/> (Amazon Connect China restrictions).</summary>
    public bool ProhibitTollFree { get; set; } = true;

    /// <summary>Whether UIFN (+800) and other non-geographic caller IDs are refused (<c>caller_id_uifn</c>). Default <see langword="true"/> (Amazon Connect China restrictions).</summary>
    public bool ProhibitNonGeographic { get; set; } = true;

    /// <summary>
    /// Whether a caller ID must have a verified call-back (<c>caller_id_unverified</c> otherwise): a call to it was
    /// answered by your contact flow and reached the right queue, recorded in <see cref="VerificationsFile"/> (by
    /// <c>chinadial verify-callback</c>) no longer than <see cref="CallbackVerificationMaxAge"/> before the call and,
    /// when <see cref="ConnectConfigurationVersion"/> is set, against that Connect configuration. AWS's guidance for
    /// calls into China asks for caller IDs that can take a call back, re-tested after every contact-flow, queue or
    /// routing change. Default <see langword="false"/>.
    /// </summary>
    public bool RequireCallbackVerification { get; set; }

    /// <summary>How old a call-back verification may be (at the call's instant). Default 30 days (a monthly re-test;
    /// no carrier names a period: AWS asks for a re-test after every change, which
    /// <see cref="ConnectConfigurationVersion"/> enforces). Bounds: 1 to 366 days.</summary>
    public TimeSpan CallbackVerificationMaxAge { get; set; } = TimeSpan.FromDays(30);

    /// <summary>The version of the Amazon Connect configuration (contact flows, queues, routing) in force, e.g. a
    /// deployment tag: when set, only verifications recorded against it count, so a configuration change makes every
    /// caller ID unverified until re-tested. Default: none (any version counts).</summary>
    public string? ConnectConfigurationVersion { get; set; }

    /// <summary>
    /// The inventory of call-back verifications: a CSV file with a header and the columns <c>caller_id</c>,
    /// <c>verified_at</c> (ISO-8601 with offset) and <c>connect_version</c> (other columns, such as <c>verified_by</c>,
    /// are kept for people), one row per verification, appended by <c>chinadial verify-callback</c>. A relative path is
    /// taken from the current directory (the CLI takes it from the policy file's folder). Read when the evaluator is
    /// created and again within a minute of a change; a file that cannot be read at start-up fails it, one that breaks
    /// later keeps the last good inventory. Required when <see cref="RequireCallbackVerification"/> is on.
    /// </summary>
    public string? VerificationsFile { get; set; }

    /// <summary>Adds one error per bad entry to <paramref name="errors"/>, each naming its key under <paramref name="path"/>.</summary>
    internal void Validate(ICollection<string> errors, string path)
    {
        var approved = OptionChecks.NotNull(errors, $"{path}:Approved", Approved);
        var regions = OptionChecks.NotNull(errors, $"{path}:ProhibitedRegions", ProhibitedRegions);
        var destinations = OptionChecks.NotNull(errors, $"{path}:ApprovedDestinations", ApprovedDestinations);
        var instances = OptionChecks.NotNull(errors, $"{path}:ConnectInstances", ConnectInstances);
        OptionChecks.Between(errors, $"{path}:CallbackVerificationMaxAge", CallbackVerificationMaxAge, TimeSpan.FromDays(1), OptionChecks.MaxWindow);
        if (RequireCallbackVerification && string.IsNullOrWhiteSpace(VerificationsFile))
        {
            errors.Add($"{path}:VerificationsFile is required when {path}:RequireCallbackVerification is on: name the CSV file of call-back verifications (caller_id,verified_at,connect_version), which chinadial verify-callback appends to.");
        }

        if (ConnectConfigurationVersion is { } version && string.IsNullOrWhiteSpace(version))
        {
            errors.Add($"{path}:ConnectConfigurationVersion is blank: give the version, or leave the key out (any version counts).");
        }

        if (!approved || !regions)
        {
            return;
        }

        for (var i = 0; i < ProhibitedRegions.Count; i++)
        {
            if (!RegionTable.IsKnown(ProhibitedRegions[i]))
            {
                errors.Add($"{path}:ProhibitedRegions:{i} '{ProhibitedRegions[i]}' is not a known region code (ISO 3166, e.g. HK).");
            }
        }

        var prohibited = RegionTable.ToFlags(ProhibitedRegions);
        var approvedKeys = new HashSet<ulong>();
        for (var i = 0; i < Approved.Count; i++)
        {
            var number = PhoneNumberClassifier.Classify(Approved[i]);
            var problems = CallerIdPolicy.Problems(number, prohibited, ProhibitTollFree, ProhibitNonGeographic);
            if (!problems.IsEmpty)
            {
                errors.Add($"{path}:Approved:{i} '{Approved[i]}' cannot be a caller ID: {CallerIdInspector.Describe(problems)}.");
            }

            approvedKeys.Add(number.Key);
        }

        if (instances)
        {
            ValidateInstances(errors, $"{path}:ConnectInstances", approvedKeys, $"{path}:Approved");
        }

        if (destinations)
        {
            ValidateDestinations(errors, $"{path}:ApprovedDestinations", approvedKeys, $"{path}:Approved");
        }
    }

    private void ValidateInstances(ICollection<string> errors, string path, HashSet<ulong> approvedKeys, string approvedPath)
    {
        var claimed = new Dictionary<ulong, string>();
        foreach (var (instance, numbers) in ConnectInstances)
        {
            if (string.IsNullOrWhiteSpace(instance))
            {
                errors.Add($"{path} has an entry without an instance id.");
            }

            if (!OptionChecks.NotNull(errors, $"{path}:{instance}", numbers))
            {
                continue;
            }

            for (var i = 0; i < numbers.Count; i++)
            {
                var key = PhoneNumberClassifier.Classify(numbers[i]).Key;
                if (key == 0 || !approvedKeys.Contains(key))
                {
                    errors.Add($"{path}:{instance}:{i} '{numbers[i]}' is not in {approvedPath}.");
                }
                else if (!claimed.TryAdd(key, instance))
                {
                    errors.Add($"{path}:{instance}:{i} '{numbers[i]}' is also claimed by instance '{claimed[key]}'.");
                }
            }
        }
    }

    private void ValidateDestinations(ICollection<string> errors, string path, HashSet<ulong> approvedKeys, string approvedPath)
    {
        foreach (var (number, regions) in ApprovedDestinations)
        {
            var key = PhoneNumberClassifier.Classify(number).Key;
            if (key == 0 || !approvedKeys.Contains(key))
            {
                errors.Add($"{path}:{number} '{number}' is not in {approvedPath}.");
            }

            if (!OptionChecks.NotNull(errors, $"{path}:{number}", regions))
            {
                continue;
            }

            if (regions.Count == 0)
            {
                // An empty narrowing would read as "every region": say which was meant.
                errors.Add($"{path}:{number} names no region; list the regions it may call, or remove the entry to let it call every region.");
            }

            for (var i = 0; i < regions.Count; i++)
            {
                if (!RegionTable.IsKnown(regions[i]))
                {
                    errors.Add($"{path}:{number}:{i} '{regions[i]}' is not a known region code (ISO 3166, e.g. CN).");
                }
            }
        }
    }
}
