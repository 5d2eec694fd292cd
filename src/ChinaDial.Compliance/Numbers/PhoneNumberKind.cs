namespace ChinaDial.Compliance;

/// <summary>
/// The type of a phone number, as libphonenumber's <c>PhoneNumberType</c> defines it, plus
/// <see cref="ShortCode"/> for service short codes (e.g. CN 95xxx). JSON names are snake_case
/// (<c>fixed_line_or_mobile</c>); see <see cref="PhoneNumberKindNames"/>.
/// </summary>
public enum PhoneNumberKind
{
    /// <summary><c>unknown</c>: not a valid number of any known type.</summary>
    Unknown = 0,

    /// <summary><c>fixed_line</c>.</summary>
    FixedLine = 1,

    /// <summary><c>mobile</c>.</summary>
    Mobile = 2,

    /// <summary><c>fixed_line_or_mobile</c>: the numbering plan does not tell the two apart (e.g. US).</summary>
    FixedLineOrMobile = 3,

    /// <summary><c>toll_free</c>: free for the caller, paid by the callee (e.g. CN 800, +800 UIFN).</summary>
    TollFree = 4,

    /// <summary><c>premium_rate</c>: charged above normal rates (e.g. CN 16x information services).</summary>
    PremiumRate = 5,

    /// <summary><c>shared_cost</c>: cost shared between caller and callee.</summary>
    SharedCost = 6,

    /// <summary><c>voip</c>.</summary>
    Voip = 7,

    /// <summary><c>personal_number</c>: a number that routes to another number.</summary>
    PersonalNumber = 8,

    /// <summary><c>pager</c>.</summary>
    Pager = 9,

    /// <summary><c>uan</c>: a universal access number of a company (e.g. CN 400).</summary>
    Uan = 10,

    /// <summary><c>voicemail</c>.</summary>
    Voicemail = 11,

    /// <summary><c>short_code</c>: a short service number (e.g. CN 95588); not a valid E.164 number.</summary>
    ShortCode = 12,
}
