using System;

namespace ChinaDial.Compliance;

/// <summary>
/// Parses and classifies phone numbers in E.164 form against the number plan generated from libphonenumber's
/// metadata: region, kind, validity, whether diallable from abroad, and CN service short codes.
/// Allocation-free; never throws for bad input (it returns <see cref="PhoneNumberInfo.Unparsed"/>).
/// </summary>
public static class PhoneNumberClassifier
{
    /// <summary>Classifies <paramref name="number"/> (e.g. <c>+86 138 0013 8000</c>).</summary>
    public static PhoneNumberInfo Classify(string? number) => Classify(number.AsSpan());

    /// <summary>Classifies <paramref name="number"/> (e.g. <c>+86 138 0013 8000</c>).</summary>
    public static PhoneNumberInfo Classify(ReadOnlySpan<char> number) => NumberPlan.Classify(number);
}
