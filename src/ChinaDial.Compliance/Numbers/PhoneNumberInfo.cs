using System;
using System.Globalization;

namespace ChinaDial.Compliance;

/// <summary>
/// A parsed and classified phone number. A small value type: classifying never allocates, and
/// <see cref="Key"/> is a compact dictionary key that stands for the number without holding its text.
/// </summary>
/// <remarks>Phone numbers are personal data: log <see cref="ToMaskedString"/>, never <see cref="ToE164String"/>.</remarks>
public readonly struct PhoneNumberInfo : IEquatable<PhoneNumberInfo>
{
    private readonly ulong _key;
    private readonly short _regionIndex;
    private readonly ushort _countryCode;
    private readonly byte _digitCount;
    private readonly PhoneNumberKind _kind;
    private readonly Flags _flags;

    internal PhoneNumberInfo(ulong key, int digitCount, int countryCode, int regionIndex, PhoneNumberKind kind, bool isValid, bool canBeDialledFromAbroad, bool isServiceShortCode)
    {
        _key = key;
        _digitCount = (byte)digitCount;
        _countryCode = (ushort)countryCode;
        _regionIndex = (short)regionIndex;
        _kind = kind;
        _flags = Flags.Parsed
            | (isValid ? Flags.Valid : 0)
            | (canBeDialledFromAbroad ? Flags.DiallableFromAbroad : 0)
            | (isServiceShortCode ? Flags.ServiceShortCode : 0);
    }

    [Flags]
    private enum Flags : byte
    {
        None = 0,
        Parsed = 1,
        Valid = 2,
        DiallableFromAbroad = 4,
        ServiceShortCode = 8,
    }

    /// <summary>A number that could not be parsed (missing, empty, no leading <c>+</c>, letters, too long, ...).</summary>
    public static PhoneNumberInfo Unparsed => default;

    /// <summary>Whether the input had E.164 shape: <c>+</c>, a known country code and 1 to 19 digits in all.</summary>
    public bool IsParsed => (_flags & Flags.Parsed) != 0;

    /// <summary>Whether the number is a valid number of its country (libphonenumber's <c>IsValidNumber</c>).</summary>
    public bool IsValid => (_flags & Flags.Valid) != 0;

    /// <summary>Whether a valid number can be dialled from outside its country (libphonenumber's
    /// <c>CanBeInternationallyDialled</c>); CN 400/800/950 numbers cannot.</summary>
    public bool CanBeDialledFromAbroad => (_flags & Flags.DiallableFromAbroad) != 0;

    /// <summary>Whether the number is a CN 95/96 service short code (e.g. <c>+8695588</c>): never a caller ID.</summary>
    public bool IsServiceShortCode => (_flags & Flags.ServiceShortCode) != 0;

    /// <summary>The country calling code (e.g. 86), or 0 when not parsed.</summary>
    public int CountryCode => _countryCode;

    /// <summary>The number of digits, country code included.</summary>
    public int DigitCount => _digitCount;

    /// <summary>The digits (country code first) as an integer, unique per number; 0 when not parsed.
    /// Use it as a dictionary key instead of the number's text.</summary>
    public ulong Key => _key;

    /// <summary>The ISO 3166 region (e.g. <c>CN</c>), <c>001</c> for non-geographic numbers such as +800, or
    /// <see langword="null"/> when the number belongs to no region.</summary>
    public string? RegionCode => _regionIndex >= 0 && IsParsed ? NumberPlan.RegionCodes[_regionIndex] : null;

    /// <summary>The index of <see cref="RegionCode"/> in the number plan's region table; -1 when none.</summary>
    internal int RegionIndex => IsParsed ? _regionIndex : -1;

    /// <summary>Whether the number is non-geographic (region <c>001</c>): UIFN (+800), +808, +870, +881, +882, +883, +888, +979.</summary>
    public bool IsNonGeographic => _regionIndex == NumberPlan.NonGeographicRegionIndex && IsParsed;

    /// <summary>The number's type; <see cref="PhoneNumberKind.Unknown"/> when not valid (except service short codes).</summary>
    public PhoneNumberKind Kind => _kind;

    /// <summary>Whether the number's digits start with those of <paramref name="prefix"/>.</summary>
    public bool StartsWith(PhoneNumberPrefix prefix)
    {
        if (!IsParsed || prefix.DigitCount > _digitCount || prefix.DigitCount == 0)
        {
            return false;
        }

        return _key / Pow10(_digitCount - prefix.DigitCount) == prefix.Digits;
    }

    /// <summary>The number in E.164 form (<c>+8613800138000</c>); <see cref="string.Empty"/> when not parsed.
    /// Allocates; personal data: do not log it.</summary>
    public string ToE164String() => IsParsed ? "+" + _key.ToString(CultureInfo.InvariantCulture) : string.Empty;

    /// <summary>
    /// The number masked for logs and reports: country code, the first three and last four national digits,
    /// the rest as <c>*</c> (<c>+86 138****8000</c>); short numbers keep fewer digits. <c>(invalid)</c> when not parsed.
    /// </summary>
    public string ToMaskedString()
    {
        if (!IsParsed)
        {
            return "(invalid)";
        }

        var digits = _key.ToString(CultureInfo.InvariantCulture);
        var ccLength = CountryCodeLength(_countryCode);
        var national = digits.AsSpan(ccLength);
        int head, tail;
        if (national.Length >= 10)
        {
            (head, tail) = (3, 4);
        }
        else if (national.Length >= 6)
        {
            (head, tail) = (2, 2);
        }
        else
        {
            (head, tail) = (1, 0);
        }

        return string.Create(ccLength + 2 + national.Length, (digits, ccLength, head, tail), static (span, state) =>
        {
            var (text, cc, keepHead, keepTail) = state;
            span[0] = '+';
            text.AsSpan(0, cc).CopyTo(span[1..]);
            span[cc + 1] = ' ';
            var national = text.AsSpan(cc);
            var target = span[(cc + 2)..];
            for (var i = 0; i < national.Length; i++)
            {
                target[i] = i < keepHead || i >= national.Length - keepTail ? national[i] : '*';
            }
        });
    }

    /// <inheritdoc />
    public bool Equals(PhoneNumberInfo other) => _key == other._key && _flags == other._flags && _kind == other._kind && _regionIndex == other._regionIndex;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is PhoneNumberInfo other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => _key.GetHashCode();

    /// <summary>The masked form (<see cref="ToMaskedString"/>): safe to log.</summary>
    public override string ToString() => ToMaskedString();

    /// <summary>Equality of two classified numbers.</summary>
    public static bool operator ==(PhoneNumberInfo left, PhoneNumberInfo right) => left.Equals(right);

    /// <summary>Inequality of two classified numbers.</summary>
    public static bool operator !=(PhoneNumberInfo left, PhoneNumberInfo right) => !left.Equals(right);

    internal static ulong Pow10(int exponent)
    {
        ulong result = 1;
        for (var i = 0; i < exponent; i++)
        {
            result *= 10;
        }

        return result;
    }

    private static int CountryCodeLength(int countryCode) => countryCode >= 100 ? 3 : countryCode >= 10 ? 2 : 1;
}
