using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;

namespace ChinaDial.Compliance.Connect;

/// <summary>One number claimed in Amazon Connect and its compliance as a caller ID for calls to China.</summary>
/// <param name="PhoneNumberId">Connect's <c>PhoneNumberId</c>.</param>
/// <param name="MaskedNumber">The number, masked (never the raw string).</param>
/// <param name="ConnectType">Connect's <c>PhoneNumberType</c> (<c>DID</c>, <c>TOLL_FREE</c>, <c>UIFN</c>, ...).</param>
/// <param name="Region">The number's region (ISO 3166), or null.</param>
/// <param name="Approved">Whether the number is in the approved inventory.</param>
/// <param name="Problems">Every reason it may not be used as caller ID (empty when compliant).</param>
public sealed record ConnectPhoneNumberAuditRow(string? PhoneNumberId, string MaskedNumber, string? ConnectType, string? Region, bool Approved, ReasonCodeSet Problems)
{
    /// <summary>Whether the number may be used as caller ID for China calling.</summary>
    public bool IsCompliant => Problems.IsEmpty;
}

/// <summary>Audits the JSON of <c>aws connect list-phone-numbers-v2</c> against the caller-ID rules.</summary>
public static class ConnectPhoneNumberAudit
{
    /// <summary>Reads <c>ListPhoneNumbersSummaryList</c> from <paramref name="json"/> and judges every number.</summary>
    /// <param name="json">The CLI's JSON output.</param>
    /// <param name="options">The caller-ID options (approved inventory, prohibited regions and types).</param>
    /// <returns>One row per listed number, in order.</returns>
    /// <exception cref="JsonException">The input is not the CLI's JSON shape.</exception>
    public static IReadOnlyList<ConnectPhoneNumberAuditRow> Audit(Stream json, CallerIdOptions options)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(options);
        using var document = JsonDocument.Parse(json);
        if (!document.RootElement.TryGetProperty("ListPhoneNumbersSummaryList", out var list) || list.ValueKind != JsonValueKind.Array)
        {
            throw new JsonException("ListPhoneNumbersSummaryList (an array) is missing.");
        }

        var prohibited = RegionTable.ToFlags(options.ProhibitedRegions);
        var approved = new HashSet<ulong>();
        foreach (var number in options.Approved)
        {
            approved.Add(PhoneNumberClassifier.Classify(number).Key);
        }

        var rows = new List<ConnectPhoneNumberAuditRow>();
        foreach (var item in list.EnumerateArray())
        {
            var raw = Text(item, "PhoneNumber");
            var type = Text(item, "PhoneNumberType");
            var info = PhoneNumberClassifier.Classify(raw);
            var problems = CallerIdPolicy.Problems(info, prohibited, options.ProhibitTollFree, options.ProhibitNonGeographic);
            if (options.ProhibitTollFree && string.Equals(type, "TOLL_FREE", StringComparison.Ordinal))
            {
                problems = problems.Add(ReasonCode.CallerIdTollFree);
            }

            if (options.ProhibitNonGeographic && string.Equals(type, "UIFN", StringComparison.Ordinal))
            {
                problems = problems.Add(ReasonCode.CallerIdUifn);
            }

            var isApproved = info.IsParsed && approved.Contains(info.Key);
            if (!isApproved)
            {
                problems = problems.Add(ReasonCode.CallerIdNotApproved);
            }

            rows.Add(new ConnectPhoneNumberAuditRow(Text(item, "PhoneNumberId"), info.ToMaskedString(), type, info.RegionCode, isApproved, problems));
        }

        return rows;
    }

    private static string? Text(JsonElement item, string name)
        => item.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
