using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

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

    /// <summary>What the number's Connect type means for China calling (e.g. "toll-free type: prohibited").</summary>
    public string TypeJudgement { get; init; } = string.Empty;
}

/// <summary>
/// Audits the numbers claimed in Amazon Connect against the caller-ID rules: live (<c>ListPhoneNumbersV2</c> with every
/// page, filtered to one instance) or from the JSON of <c>aws connect list-phone-numbers-v2</c>. Every
/// <c>PhoneNumberType</c> is judged: <c>TOLL_FREE</c> and <c>THIRD_PARTY_TF</c> are toll-free (<c>caller_id_toll_free</c>),
/// <c>UIFN</c> is <c>caller_id_uifn</c>, <c>SHORT_CODE</c> is not a voice caller ID (<c>invalid_caller_id</c>);
/// <c>DID</c>, <c>THIRD_PARTY_DID</c> and <c>SHARED</c> are judged by the number itself; a type the model does not
/// list is refused (<c>caller_id_not_approved</c>).
/// </summary>
public static class ConnectPhoneNumberAudit
{
    /// <summary>The most pages a live audit reads before it stops (a service that never ends its listing).</summary>
    public const int MaxPages = 10_000;

    /// <summary>Reads <c>ListPhoneNumbersSummaryList</c> from the CLI's JSON and judges every number.</summary>
    /// <param name="json">The JSON of <c>aws connect list-phone-numbers-v2</c>.</param>
    /// <param name="options">The caller-ID options (approved inventory, prohibited regions and types).</param>
    /// <returns>One row per listed number, in order.</returns>
    /// <exception cref="InvalidDataException">The input is not the CLI's JSON shape, or it is one page of several (it
    /// holds a <c>NextToken</c>): a partial inventory is refused, never judged.</exception>
    public static IReadOnlyList<ConnectPhoneNumberAuditRow> Audit(Stream json, CallerIdOptions options)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(options);
        using (var document = ConnectJson.ParseFile(json))
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("ListPhoneNumbersSummaryList", out var list) || list.ValueKind != JsonValueKind.Array)
            {
                throw new InvalidDataException("ListPhoneNumbersSummaryList (an array) is missing: not the output of 'aws connect list-phone-numbers-v2'.");
            }

            if (root.TryGetProperty("NextToken", out var next) && next.ValueKind != JsonValueKind.Null && !(next.ValueKind == JsonValueKind.String && next.GetString()!.Length == 0))
            {
                throw new InvalidDataException("the listing holds a NextToken: it is one page of several, and the numbers on the other pages would go unaudited. Run 'aws connect list-phone-numbers-v2' without --max-items or --no-paginate (the CLI then reads every page), or use 'chinadial connect audit --instance'.");
            }

            var numbers = new List<ConnectPhoneNumber>();
            foreach (var item in list.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.Object)
                {
                    throw new InvalidDataException($"ListPhoneNumbersSummaryList[{numbers.Count}] is not an object.");
                }

                numbers.Add(ConnectJson.PhoneNumber(item));
            }

            return Judge(numbers, options);
        }
    }

    /// <summary>Lists every number claimed to <paramref name="instanceId"/> (<c>ListPhoneNumbersV2</c>, all pages) and judges each.</summary>
    /// <param name="api">Connect.</param>
    /// <param name="instanceId">The instance (the <c>InstanceId</c> filter).</param>
    /// <param name="options">The caller-ID options.</param>
    /// <param name="cancellationToken">Cancels the listing.</param>
    /// <returns>One row per claimed number.</returns>
    /// <exception cref="InvalidDataException">Connect repeated a page token or never ended the listing.</exception>
    public static async Task<IReadOnlyList<ConnectPhoneNumberAuditRow>> AuditAsync(IConnectApi api, string instanceId, CallerIdOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(api);
        ArgumentException.ThrowIfNullOrWhiteSpace(instanceId);
        ArgumentNullException.ThrowIfNull(options);
        var numbers = await ConnectPages.ReadAllAsync("ListPhoneNumbersV2", (token, cancel) => api.ListPhoneNumbersV2Async(instanceId, token, cancel), cancellationToken).ConfigureAwait(false);

        return Judge(numbers, options);
    }

    private static List<ConnectPhoneNumberAuditRow> Judge(List<ConnectPhoneNumber> numbers, CallerIdOptions options)
    {
        var inspector = new CallerIdInspector(options);
        var approved = new HashSet<ulong>();
        foreach (var number in options.Approved)
        {
            approved.Add(PhoneNumberClassifier.Classify(number).Key);
        }

        var rows = new List<ConnectPhoneNumberAuditRow>(numbers.Count);
        foreach (var item in numbers)
        {
            var info = PhoneNumberClassifier.Classify(item.PhoneNumber);
            var problems = inspector.Inspect(info);
            var (typeProblem, judgement) = JudgeType(item.PhoneNumberType, options);
            if (typeProblem is { } code)
            {
                problems = problems.Add(code);
            }

            var isApproved = info.IsParsed && approved.Contains(info.Key);
            if (!isApproved)
            {
                problems = problems.Add(ReasonCode.CallerIdNotApproved);
            }

            rows.Add(new ConnectPhoneNumberAuditRow(item.PhoneNumberId, info.ToMaskedString(), item.PhoneNumberType, info.RegionCode, isApproved, problems) { TypeJudgement = judgement });
        }

        return rows;
    }

    internal static (ReasonCode? Problem, string Judgement) JudgeType(string? type, CallerIdOptions options) => type switch
    {
        "TOLL_FREE" => (options.ProhibitTollFree ? ReasonCode.CallerIdTollFree : null, "toll-free: prohibited as a caller ID for China calling"),
        "THIRD_PARTY_TF" => (options.ProhibitTollFree ? ReasonCode.CallerIdTollFree : null, "third-party toll-free: prohibited as a caller ID for China calling"),
        "UIFN" => (options.ProhibitNonGeographic ? ReasonCode.CallerIdUifn : null, "UIFN (+800): prohibited as a caller ID for China calling"),
        "SHORT_CODE" => (ReasonCode.InvalidCallerId, "short code: not a voice caller ID; prohibited for China calling"),
        "DID" => (null, "DID: judged by the number"),
        "THIRD_PARTY_DID" => (null, "third-party DID: judged by the number"),
        "SHARED" => (null, "shared: judged by the number"),
        null => (ReasonCode.CallerIdNotApproved, "no PhoneNumberType: refused until judged"),
        _ => (ReasonCode.CallerIdNotApproved, $"'{type}' is not a PhoneNumberType of the API model: refused until judged"),
    };
}
