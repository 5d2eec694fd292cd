using System;

namespace ChinaDial.Compliance;

/// <summary>
/// Tells when a caller ID's rate limit would next admit a call. The built-in caller-ID rate policy implements it:
/// <c>evaluator.Policies.OfType&lt;ICallerIdRateBudget&gt;().FirstOrDefault()</c> is what to hand to
/// <see cref="CallerIdSelector"/>.
/// </summary>
public interface ICallerIdRateBudget
{
    /// <summary>The earliest instant at or after <paramref name="at"/> at which a call from <paramref name="callerId"/>
    /// would be admitted if nothing else arrives (<paramref name="at"/> itself when it has budget now).</summary>
    DateTimeOffset NextAdmission(PhoneNumberInfo callerId, DateTimeOffset at);
}
