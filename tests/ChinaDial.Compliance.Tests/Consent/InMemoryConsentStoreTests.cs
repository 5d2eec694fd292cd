using FsCheck.Xunit;

namespace ChinaDial.Compliance.Tests.Consent;

public class InMemoryConsentStoreTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 2, 0, 0, TimeSpan.Zero);
    private static readonly string[] Numbers = [TestNumbers.CnMobile, "+8613900139000"];
    private static readonly CallPurpose[] Purposes = [CallPurpose.Marketing, CallPurpose.Service, CallPurpose.Callback];

    private static PhoneNumberInfo Callee(string number = TestNumbers.CnMobile) => PhoneNumberClassifier.Classify(number);

    /// <summary>One recorded fact: kind 0 a grant, 1 a grant with its revocation <c>Length % 6</c> minutes later, 2 a
    /// revocation, 3 an opt-out (purpose byte 3 or more: every purpose); instants are whole minutes from 0 to 11, so
    /// that facts collide.</summary>
    public readonly record struct Fact(byte Kind, byte Number, byte Purpose, byte At, byte Length)
    {
        public DateTimeOffset Instant => T0.AddMinutes(At % 12);

        public string Callee => Numbers[Number % Numbers.Length];

        public CallPurpose CallPurpose => Purposes[Purpose % Purposes.Length];

        public void ApplyTo(InMemoryConsentStore store)
        {
            switch (Kind % 4)
            {
                case 0:
                    store.Grant(new ConsentRecord(Callee, CallPurpose, Instant));
                    break;
                case 1:
                    store.Grant(new ConsentRecord(Callee, CallPurpose, Instant, Instant.AddMinutes(Length % 6)));
                    break;
                case 2:
                    store.Revoke(Callee, CallPurpose, Instant);
                    break;
                default:
                    store.OptOut(Callee, Purpose % 4 == 3 ? null : CallPurpose, Instant);
                    break;
            }
        }
    }

    /// <summary>The rule, written out: an opt-out at or before the instant wins; else the latest grant or revocation at
    /// or before it decides, a revocation winning at one instant.</summary>
    private static ConsentStatus Expected(IReadOnlyList<Fact> facts, string number, CallPurpose purpose, DateTimeOffset at)
    {
        var mine = facts.Where(f => f.Callee == number).ToList();
        if (mine.Any(f => f.Kind % 4 == 3 && f.Instant <= at && (f.Purpose % 4 == 3 || f.CallPurpose == purpose)))
        {
            return ConsentStatus.OptedOut;
        }

        var events = mine.Where(f => f.CallPurpose == purpose).SelectMany(f => (f.Kind % 4) switch
        {
            0 => [(f.Instant, false)],
            1 => [(f.Instant, false), (f.Instant.AddMinutes(f.Length % 6), true)],
            2 => [(f.Instant, true)],
            _ => Array.Empty<(DateTimeOffset At, bool Revoked)>(),
        });
        var latest = events.Where(e => e.At <= at).OrderBy(e => e.At).ThenBy(e => e.Revoked).ToList();
        return latest.Count > 0 && !latest[^1].Revoked ? ConsentStatus.Granted : ConsentStatus.None;
    }

    [Property(MaxTest = 10_000)]
    public bool Grants_revocations_and_opt_outs_recorded_in_any_order_give_the_statuses_their_instants_give(Fact[] facts, int seed)
    {
        var inOrder = new InMemoryConsentStore();
        var shuffled = new InMemoryConsentStore();
        foreach (var fact in facts)
        {
            fact.ApplyTo(inOrder);
        }

        var permutation = facts.ToArray();
        new Random(seed).Shuffle(permutation);
        foreach (var fact in permutation)
        {
            fact.ApplyTo(shuffled);
        }

        for (var minute = -1; minute <= 18; minute++)
        {
            foreach (var at in new[] { T0.AddMinutes(minute).AddTicks(-1), T0.AddMinutes(minute) })
            {
                foreach (var number in Numbers)
                {
                    foreach (var purpose in Purposes)
                    {
                        var expected = Expected(facts, number, purpose, at);
                        if (inOrder.GetStatus(Callee(number), purpose, at) != expected || shuffled.GetStatus(Callee(number), purpose, at) != expected)
                        {
                            return false;
                        }
                    }
                }
            }
        }

        return true;
    }

    [Property(MaxTest = 300)]
    public bool Facts_recorded_from_several_threads_at_once_give_what_recording_them_one_by_one_gives(Fact[] facts)
    {
        // Two dialer nodes importing into one store: every history slot is replaced whole by compare-and-swap.
        var many = Enumerable.Repeat(facts, 8).SelectMany(f => f).ToArray();
        var concurrent = new InMemoryConsentStore();
        Parallel.ForEach(many, new ParallelOptions { MaxDegreeOfParallelism = 4 }, fact => fact.ApplyTo(concurrent));
        var sequential = new InMemoryConsentStore();
        foreach (var fact in facts)
        {
            fact.ApplyTo(sequential);
        }

        return Enumerable.Range(-1, 20).SelectMany(minute => new[] { T0.AddMinutes(minute).AddTicks(-1), T0.AddMinutes(minute) })
            .All(at => Numbers.All(number => Purposes.All(purpose =>
                concurrent.GetStatus(Callee(number), purpose, at) == sequential.GetStatus(Callee(number), purpose, at))));
    }

    [Fact]
    public void A_revoked_consent_is_not_re_enabled_by_an_older_grant_recorded_after_it()
    {
        var store = new InMemoryConsentStore();
        store.Grant(new ConsentRecord(TestNumbers.CnMobile, CallPurpose.Marketing, T0.AddDays(-10), T0.AddDays(-1)));
        store.Grant(new ConsentRecord(TestNumbers.CnMobile, CallPurpose.Marketing, T0.AddDays(-30)));

        Assert.Equal(ConsentStatus.Granted, store.GetStatus(Callee(), CallPurpose.Marketing, T0.AddDays(-2)));
        Assert.Equal(ConsentStatus.None, store.GetStatus(Callee(), CallPurpose.Marketing, T0));
    }

    [Fact]
    public void A_revocation_recorded_before_the_grant_it_withdraws_still_withdraws_it()
    {
        var store = new InMemoryConsentStore();
        store.Revoke(TestNumbers.CnMobile, CallPurpose.Marketing, T0);
        store.Grant(new ConsentRecord(TestNumbers.CnMobile, CallPurpose.Marketing, T0.AddDays(-3)));

        Assert.Equal(ConsentStatus.Granted, store.GetStatus(Callee(), CallPurpose.Marketing, T0.AddTicks(-1)));
        Assert.Equal(ConsentStatus.None, store.GetStatus(Callee(), CallPurpose.Marketing, T0));
    }

    [Fact]
    public void A_grant_given_after_a_revocation_is_a_new_consent_and_at_one_instant_the_revocation_wins()
    {
        var store = new InMemoryConsentStore();
        store.Grant(new ConsentRecord(TestNumbers.CnMobile, CallPurpose.Marketing, T0.AddDays(1), Proof: "second"));
        store.Grant(new ConsentRecord(TestNumbers.CnMobile, CallPurpose.Marketing, T0.AddDays(-3), T0, Proof: "first"));
        store.Grant(new ConsentRecord(TestNumbers.CnMobile, CallPurpose.Marketing, T0, Proof: "same instant as the revocation"));

        Assert.Equal(ConsentStatus.None, store.GetStatus(Callee(), CallPurpose.Marketing, T0));
        Assert.Equal(ConsentStatus.None, store.GetStatus(Callee(), CallPurpose.Marketing, T0.AddDays(1).AddTicks(-1)));
        Assert.Equal(ConsentStatus.Granted, store.GetStatus(Callee(), CallPurpose.Marketing, T0.AddDays(1)));
        Assert.Equal("second", store.GetProof(TestNumbers.CnMobile, CallPurpose.Marketing));
    }

    [Fact]
    public void A_consent_revoked_before_it_was_granted_is_refused()
        => Assert.Throws<ArgumentException>(() => new InMemoryConsentStore().Grant(new ConsentRecord(TestNumbers.CnMobile, CallPurpose.Marketing, T0, T0.AddTicks(-1))));

    [Fact]
    public void Recording_the_same_consent_twice_changes_nothing()
    {
        var store = new InMemoryConsentStore();
        store.Grant(new ConsentRecord(TestNumbers.CnMobile, CallPurpose.Service, T0, T0.AddHours(1), "p"));
        store.Grant(new ConsentRecord(TestNumbers.CnMobile, CallPurpose.Service, T0, T0.AddHours(1), "p"));

        Assert.Equal(ConsentStatus.Granted, store.GetStatus(Callee(), CallPurpose.Service, T0));
        Assert.Equal(ConsentStatus.None, store.GetStatus(Callee(), CallPurpose.Service, T0.AddHours(1)));
        Assert.Equal(ConsentStatus.None, store.GetStatus(Callee(), CallPurpose.Marketing, T0));
        Assert.Equal(1, store.Count);
    }
}
