using System;
using System.Collections.Generic;

namespace ChinaDial.Compliance;

/// <summary>
/// How long personal data is kept, per kind (PIPL Art. 19: no longer than the purpose needs). Bound from the
/// <c>ChinaDialCompliance:Retention</c> section; enforced by the stores (<see cref="InMemoryConsentStore"/>, the Redis
/// adapter) and, for JSON Lines audit files, by <c>chinadial audit prune</c>. Opt-outs are not on this list: they are
/// kept until the person's data is erased (<see cref="PersonalDataEraser"/>), and then as a keyed-hash suppression,
/// since they are what keeps the person from being called.
/// </summary>
public sealed class RetentionOptions
{
    /// <summary>The longest retention of any kind: ten years (3,660 days). Longer is a typo, not a retention period.</summary>
    internal static readonly TimeSpan Longest = TimeSpan.FromDays(3660);

    /// <summary>
    /// How long a consent is kept after it ended (revoked, or replaced by a later grant): the proof that calls made
    /// under it were allowed. Default 1,095 days (3 years): the general limitation period for civil claims (PRC Civil
    /// Code Art. 188), within which a callee may dispute a call. Bounds: 1 day to 3,660 days.
    /// </summary>
    public TimeSpan ConsentsAfterRevocation { get; set; } = TimeSpan.FromDays(1095);

    /// <summary>
    /// How long audit records (one per decision and ticket outcome, numbers masked and keyed-hashed) are kept. Default
    /// 180 days: the PRC Cybersecurity Law (Art. 21) asks network operators to keep the logs of their network's
    /// operation for no less than six months; set it longer if a carrier contract asks. Bounds: 1 day to 3,660 days.
    /// Enforced on JSON Lines files by <c>chinadial audit prune</c>.
    /// </summary>
    public TimeSpan AuditRecords { get; set; } = TimeSpan.FromDays(180);

    /// <summary>
    /// How long per-caller-ID outcome counters (placed, answered, short calls per minute: the Redis adapter's
    /// <c>RedisCallerIdOutcomeCounters</c>) are kept. They hold no callee; the default, 25 hours, keeps a day of them
    /// for the health reports. Bounds: 1 hour to 366 days.
    /// </summary>
    public TimeSpan OutcomeCounters { get; set; } = TimeSpan.FromHours(25);

    /// <summary>Adds one error per option out of bounds to <paramref name="errors"/>, naming its key under <paramref name="path"/>.</summary>
    internal void Validate(ICollection<string> errors, string path)
    {
        OptionChecks.Between(errors, $"{path}:ConsentsAfterRevocation", ConsentsAfterRevocation, TimeSpan.FromDays(1), Longest);
        OptionChecks.Between(errors, $"{path}:AuditRecords", AuditRecords, TimeSpan.FromDays(1), Longest);
        OptionChecks.Between(errors, $"{path}:OutcomeCounters", OutcomeCounters, TimeSpan.FromHours(1), OptionChecks.MaxWindow);
    }
}
