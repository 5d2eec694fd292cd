using FsCheck;
using FsCheck.Fluent;

namespace ChinaDial.Compliance.Tests.Consent;

/// <summary>
/// What every consent store must do, whatever it keeps its records in (runtime's <c>BaseRateLimiterTests</c> is the
/// model): records resolve by their instants whatever the order they are written in, an opt-out wins, a consent revoked
/// before it was granted is refused, the consent in force is given with its evidence, and an erased number stays
/// refused for every purpose.
/// </summary>
public abstract class ConsentStoreContractTests
{
    protected static readonly DateTimeOffset T0 = new(2026, 11, 23, 2, 0, 0, TimeSpan.Zero);
    private static readonly string[] Numbers = [TestNumbers.CnMobile, "+8613900139000"];
    private static readonly CallPurpose[] Purposes = [CallPurpose.Marketing, CallPurpose.Service, CallPurpose.Callback];

    /// <summary>A fresh, empty store.</summary>
    protected abstract IConsentStore NewStore();

    protected abstract Task GrantAsync(IConsentStore store, ConsentRecord record);

    protected abstract Task RevokeAsync(IConsentStore store, string number, CallPurpose purpose, DateTimeOffset at);

    protected abstract Task OptOutAsync(IConsentStore store, string number, CallPurpose? purpose, DateTimeOffset at);

    /// <summary>How many cases the order property runs (a store behind a network runs fewer).</summary>
    protected virtual int Cases => 3_000;

    private static PhoneNumberInfo Callee(string number = TestNumbers.CnMobile) => PhoneNumberClassifier.Classify(number);

    /// <summary>One recorded fact: kind 0 a grant, 1 a grant revoked <c>Length % 6</c> minutes later, 2 a revocation,
    /// 3 an opt-out (purpose byte 3 or more: every purpose); instants whole minutes from 0 to 11, so that facts collide.</summary>
    public readonly record struct Fact(byte Kind, byte Number, byte Purpose, byte At, byte Length)
    {
        public DateTimeOffset Instant => T0.AddMinutes(At % 12);

        public string Callee => Numbers[Number % Numbers.Length];

        public CallPurpose CallPurpose => Purposes[Purpose % Purposes.Length];
    }

    private Task ApplyAsync(IConsentStore store, Fact fact) => (fact.Kind % 4) switch
    {
        0 => GrantAsync(store, new ConsentRecord(fact.Callee, fact.CallPurpose, fact.Instant, Proof: $"proof-{fact.At % 12}", Id: $"id-{fact.At % 12}")),
        1 => GrantAsync(store, new ConsentRecord(fact.Callee, fact.CallPurpose, fact.Instant, fact.Instant.AddMinutes(fact.Length % 6), $"proof-{fact.At % 12}", $"id-{fact.At % 12}")),
        2 => RevokeAsync(store, fact.Callee, fact.CallPurpose, fact.Instant),
        _ => OptOutAsync(store, fact.Callee, fact.Purpose % 4 == 3 ? null : fact.CallPurpose, fact.Instant),
    };

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

    [Fact]
    public void Records_written_in_any_order_give_the_statuses_and_evidence_their_instants_give()
    {
        var property = Prop.ForAll(ArbMap.Default.ArbFor<Fact[]>(), ArbMap.Default.ArbFor<int>(), (facts, seed) =>
        {
            var store = NewStore();
            var shuffled = facts.ToArray();
            new Random(seed).Shuffle(shuffled);
            foreach (var fact in shuffled)
            {
                ApplyAsync(store, fact).GetAwaiter().GetResult();
            }

            foreach (var minute in new[] { -1, 0, 1, 3, 5, 7, 9, 11, 13, 17 })
            {
                var at = T0.AddMinutes(minute);
                foreach (var number in Numbers)
                {
                    foreach (var purpose in Purposes)
                    {
                        var lookup = store.LookupAsync(Callee(number), purpose, at, default).AsTask().GetAwaiter().GetResult();
                        if (lookup.Status != Expected(facts, number, purpose, at))
                        {
                            return false;
                        }

                        // The consent in force is a grant recorded for this number and purpose at its instant.
                        if (lookup.Status == ConsentStatus.Granted && !facts.Any(f => f.Kind % 4 is 0 or 1 && f.Callee == number && f.CallPurpose == purpose
                            && f.Instant == lookup.Evidence!.GrantedAt && lookup.Evidence.Id == $"id-{f.At % 12}" && lookup.Evidence.Proof == $"proof-{f.At % 12}"))
                        {
                            return false;
                        }
                    }
                }
            }

            return true;
        });

        Check.One(Config.QuickThrowOnFailure.WithMaxTest(Cases), property);
    }

    [Fact]
    public async Task An_older_grant_written_after_a_revocation_does_not_re_enable_consent()
    {
        var store = NewStore();
        await GrantAsync(store, new ConsentRecord(TestNumbers.CnMobile, CallPurpose.Marketing, T0.AddDays(-10), Proof: "p1"));
        await RevokeAsync(store, TestNumbers.CnMobile, CallPurpose.Marketing, T0.AddDays(-1));
        await GrantAsync(store, new ConsentRecord(TestNumbers.CnMobile, CallPurpose.Marketing, T0.AddDays(-30), Proof: "p0"));

        Assert.Equal(ConsentStatus.None, await store.GetStatusAsync(Callee(), CallPurpose.Marketing, T0, default));
        Assert.Equal(ConsentStatus.Granted, await store.GetStatusAsync(Callee(), CallPurpose.Marketing, T0.AddDays(-2), default));
    }

    [Fact]
    public async Task A_revocation_written_before_any_grant_withdraws_the_grant_written_after_it()
    {
        var store = NewStore();
        await RevokeAsync(store, TestNumbers.CnMobile, CallPurpose.Marketing, T0);
        await GrantAsync(store, new ConsentRecord(TestNumbers.CnMobile, CallPurpose.Marketing, T0.AddDays(-3), Proof: "p"));

        Assert.Equal(ConsentStatus.None, await store.GetStatusAsync(Callee(), CallPurpose.Marketing, T0, default));
        Assert.Equal(ConsentStatus.Granted, await store.GetStatusAsync(Callee(), CallPurpose.Marketing, T0.AddHours(-1), default));
    }

    [Fact]
    public async Task A_consent_revoked_before_it_was_granted_is_refused_and_nothing_is_written()
    {
        var store = NewStore();
        await Assert.ThrowsAsync<ArgumentException>(() => GrantAsync(store, new ConsentRecord(TestNumbers.CnMobile, CallPurpose.Marketing, T0, T0.AddMinutes(-1), "p")));

        Assert.Equal(ConsentStatus.None, await store.GetStatusAsync(Callee(), CallPurpose.Marketing, T0.AddMinutes(-2), default));
        Assert.Equal(ConsentStatus.None, await store.GetStatusAsync(Callee(), CallPurpose.Marketing, T0.AddMinutes(1), default));
    }

    [Theory]
    [InlineData("form for 138 0013 8000", null)]
    [InlineData("recording", "crm-13800138000")]
    [InlineData("+8613800138000", null)]
    public async Task A_consent_whose_proof_or_id_holds_the_number_is_refused_and_nothing_is_written(string proof, string? id)
    {
        var store = NewStore();
        await Assert.ThrowsAsync<ArgumentException>(() => GrantAsync(store, new ConsentRecord(TestNumbers.CnMobile, CallPurpose.Marketing, T0, Proof: proof, Id: id)));

        Assert.Equal(ConsentStatus.None, await store.GetStatusAsync(Callee(), CallPurpose.Marketing, T0.AddMinutes(1), default));
        await GrantAsync(store, new ConsentRecord(TestNumbers.CnMobile, CallPurpose.Marketing, T0, Proof: "form-138", Id: "crm-8000"));
        Assert.Equal(ConsentStatus.Granted, await store.GetStatusAsync(Callee(), CallPurpose.Marketing, T0.AddMinutes(1), default));
    }

    [Fact]
    public async Task The_earliest_opt_out_wins_over_any_consent()
    {
        var store = NewStore();
        await GrantAsync(store, new ConsentRecord(TestNumbers.CnMobile, CallPurpose.Marketing, T0.AddDays(-3), Proof: "p"));
        await OptOutAsync(store, TestNumbers.CnMobile, null, T0.AddDays(1));
        await OptOutAsync(store, TestNumbers.CnMobile, null, T0);

        Assert.Equal(ConsentStatus.Granted, await store.GetStatusAsync(Callee(), CallPurpose.Marketing, T0.AddMinutes(-1), default));
        Assert.Equal(ConsentStatus.OptedOut, await store.GetStatusAsync(Callee(), CallPurpose.Marketing, T0, default));
        Assert.Equal(ConsentStatus.OptedOut, await store.GetStatusAsync(Callee(), CallPurpose.Service, T0, default));
    }

    [Fact]
    public async Task A_grant_given_twice_at_one_instant_keeps_the_first_evidence_unless_it_had_none()
    {
        var store = NewStore();
        await GrantAsync(store, new ConsentRecord(TestNumbers.CnMobile, CallPurpose.Marketing, T0));
        await GrantAsync(store, new ConsentRecord(TestNumbers.CnMobile, CallPurpose.Marketing, T0, Proof: "first", Id: "a"));
        await GrantAsync(store, new ConsentRecord(TestNumbers.CnMobile, CallPurpose.Marketing, T0, Proof: "second", Id: "b"));

        var evidence = (await store.LookupAsync(Callee(), CallPurpose.Marketing, T0, default)).Evidence;
        Assert.Equal(new ConsentEvidence("a", "first", T0), evidence);
    }

    [Fact]
    public async Task An_erased_number_is_refused_for_every_purpose_even_after_an_old_grant_is_written_again()
    {
        var store = NewStore();
        Assert.True(store is IPersonalDataStore, "every consent store of the SDK can erase");
        await GrantAsync(store, new ConsentRecord(TestNumbers.CnMobile, CallPurpose.Marketing, T0.AddDays(-3), Proof: "p"));

        await ((IPersonalDataStore)store).ForgetAsync(Callee(), default);
        await GrantAsync(store, new ConsentRecord(TestNumbers.CnMobile, CallPurpose.Marketing, T0.AddDays(-3), Proof: "p"));

        foreach (var purpose in Purposes)
        {
            Assert.Equal(ConsentStatus.OptedOut, await store.GetStatusAsync(Callee(), purpose, T0, default));
        }

        Assert.Equal(ConsentStatus.None, await store.GetStatusAsync(Callee("+8613900139000"), CallPurpose.Service, T0, default));
    }
}
