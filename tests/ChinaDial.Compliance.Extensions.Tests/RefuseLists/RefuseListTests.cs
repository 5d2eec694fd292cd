using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace ChinaDial.Compliance.Extensions.Tests.RefuseLists;

[Collection(MemoryMeasurement.Name)] // one test counts the bytes its thread allocates: alone, as the other allocation tests
public class RefuseListTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 2, 0, 0, TimeSpan.Zero);
    private static readonly RefuseListOptions CarrierForMarketing = new() { Lists = { ["carrier-refuse-call"] = [CallPurpose.Marketing] } };

    private static MemoryStream Text(string text) => new(Encoding.UTF8.GetBytes(text));

    private static OutboundCallEvaluator Evaluator(InMemoryRefuseLists lists)
        => new(
            [new RefuseListPolicy(lists)],
            timeProvider: new FakeTimeProvider(T0));

    [Fact]
    public void The_table_answers_what_a_hash_set_answers_for_every_key()
    {
        var property = Prop.ForAll(ArbMap.Default.ArbFor<ulong[]>(), ArbMap.Default.ArbFor<ulong[]>(), (listed, asked) =>
        {
            var table = new RefuseListTable([.. listed], listed.Length);
            var reference = listed.ToHashSet();
            return table.Count == reference.Count && listed.Concat(asked).All(key => table.Contains(key) == reference.Contains(key));
        });

        Check.One(Config.QuickThrowOnFailure.WithMaxTest(5_000), property);
    }

    [Fact]
    public void A_table_of_a_million_keys_holds_at_most_16_bytes_a_key_and_a_lookup_allocates_nothing()
    {
        var random = new Random(7);
        var keys = new ulong[1_000_000];
        random.NextBytes(System.Runtime.InteropServices.MemoryMarshal.AsBytes(keys.AsSpan()));
        var table = new RefuseListTable((ulong[])keys.Clone(), keys.Length);

        Assert.InRange(table.Bytes / (double)table.Count, 8, 16);
        table.Contains(keys[0]);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var found = 0;
        for (var i = 0; i < 10_000; i++)
        {
            found += table.Contains(keys[i]) ? 1 : 0;
            found += table.Contains((ulong)random.NextInt64()) ? 1 : 0;
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.InRange(found, 10_000, 10_001);
    }

    [Theory]
    [InlineData("+8613800138000\n+8613900139000\n")]
    [InlineData("\uFEFF# carrier export\n\n+86 138 0013 8000\r\n+8613900139000\r\n")]
    [InlineData("id,number,registered\n1,+8613800138000,2026-01-01\n2,\"+8613900139000\",2026-01-02\n")]
    public async Task A_list_of_numbers_or_a_CSV_with_a_number_column_refuses_its_numbers_for_its_purposes_only(string file)
    {
        var lists = new InMemoryRefuseLists(CarrierForMarketing);
        Assert.Equal(2, await lists.ImportAsync("carrier-refuse-call", Text(file)));
        var evaluator = Evaluator(lists);

        Assert.Equal([ReasonCode.RefuseCallListed], (await evaluator.EvaluateAsync(new OutboundCall(TestNumbers.UsCallerId, TestNumbers.CnMobile, CallPurpose.Marketing))).Reasons.ToArray());
        Assert.True((await evaluator.EvaluateAsync(new OutboundCall(TestNumbers.UsCallerId, TestNumbers.CnMobile, CallPurpose.Service))).IsAllowed);
        Assert.True((await evaluator.EvaluateAsync(new OutboundCall(TestNumbers.UsCallerId, "+8613700137000", CallPurpose.Marketing))).IsAllowed);
    }

    [Fact]
    public async Task A_list_named_but_never_imported_refuses_its_purposes_calls_with_policy_error()
    {
        var evaluator = Evaluator(new InMemoryRefuseLists(CarrierForMarketing));

        Assert.Equal([ReasonCode.PolicyError], (await evaluator.EvaluateAsync(new OutboundCall(TestNumbers.UsCallerId, TestNumbers.CnMobile, CallPurpose.Marketing))).Reasons.ToArray());
        Assert.True((await evaluator.EvaluateAsync(new OutboundCall(TestNumbers.UsCallerId, TestNumbers.CnMobile, CallPurpose.Callback))).IsAllowed);
    }

    [Theory]
    [InlineData("+8613800138000\n13900139000\n", "line 2: '13900139000' is not an E.164 number")]
    [InlineData("phone,name\n+8613800138000,a\n", "line 1: neither a number nor a CSV header with a 'number' column")]
    [InlineData("# nothing\n\n", "the file holds no number")]
    [InlineData("number\n+8613800138000\nnot a number\n", "line 3:")]
    public async Task A_file_that_is_not_a_list_of_numbers_is_refused_whole_and_the_old_list_stays(string file, string message)
    {
        var lists = new InMemoryRefuseLists(CarrierForMarketing);
        await lists.ImportAsync("carrier-refuse-call", Text("+8613700137000\n"));

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => lists.ImportAsync("carrier-refuse-call", Text(file)));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.Equal(1, lists.CountOf("carrier-refuse-call"));
        Assert.Equal([ReasonCode.RefuseCallListed], (await Evaluator(lists).EvaluateAsync(new OutboundCall(TestNumbers.UsCallerId, "+8613700137000", CallPurpose.Marketing))).Reasons.ToArray());
    }

    [Fact]
    public async Task Importing_a_list_the_options_do_not_name_is_refused()
        => await Assert.ThrowsAsync<ArgumentException>(() => new InMemoryRefuseLists(CarrierForMarketing).ImportAsync("dnc", Text("+8613800138000\n")));

    [Fact]
    public async Task A_number_on_every_version_of_a_list_is_refused_by_every_call_judged_while_the_list_is_replaced()
    {
        // Two versions of 200,000 numbers each, sharing one: a list read in part would let it through at some moment.
        var lists = new InMemoryRefuseLists(CarrierForMarketing);
        string Version(int offset) => string.Join('\n', Enumerable.Range(offset, 200_000).Select(i => $"+86139{i:00000000}").Append(TestNumbers.CnMobile));
        var versions = new[] { Encoding.UTF8.GetBytes(Version(0)), Encoding.UTF8.GetBytes(Version(300_000)) };
        await lists.ImportAsync("carrier-refuse-call", new MemoryStream(versions[0]));
        var evaluator = Evaluator(lists);
        using var stop = new CancellationTokenSource();
        var replacing = Task.Run(async () =>
        {
            for (var i = 1; i <= 6; i++)
            {
                await lists.ImportAsync("carrier-refuse-call", new MemoryStream(versions[i % 2]));
            }

            stop.Cancel();
        });

        var judged = 0;
        while (!stop.IsCancellationRequested)
        {
            var decision = await evaluator.EvaluateAsync(new OutboundCall(TestNumbers.UsCallerId, TestNumbers.CnMobile, CallPurpose.Marketing));
            Assert.Equal([ReasonCode.RefuseCallListed], decision.Reasons.ToArray());
            judged++;
        }

        await replacing;
        Assert.True(judged > 0);
        Assert.Equal(200_001, lists.CountOf("carrier-refuse-call"));
    }

    [Theory]
    [InlineData("Carrier", "is not a list name")]
    [InlineData("a b", "is not a list name")]
    public void A_list_name_that_cannot_name_a_key_fails_validation(string name, string message)
    {
        var errors = new ChinaDialComplianceOptions { RefuseLists = { Lists = { [name] = [CallPurpose.Marketing] } } }.Validate();
        Assert.Contains(errors, e => e.StartsWith($"ChinaDialCompliance:RefuseLists:Lists:{name} ", StringComparison.Ordinal) && e.Contains(message, StringComparison.Ordinal));
    }

    [Fact]
    public void A_list_without_purposes_or_with_one_twice_fails_validation()
    {
        var errors = new ChinaDialComplianceOptions { RefuseLists = { Lists = { ["a"] = [], ["b"] = [CallPurpose.Service, CallPurpose.Service] } } }.Validate();
        Assert.Contains(errors, e => e.StartsWith("ChinaDialCompliance:RefuseLists:Lists:a names no purpose", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("ChinaDialCompliance:RefuseLists:Lists:b:1 'Service' is named twice", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_evaluator_built_from_options_refuses_listed_callees_with_its_own_reason_apart_from_opt_outs()
    {
        var options = new ChinaDialComplianceOptions { CallerIds = { Approved = [TestNumbers.UsCallerId] }, CallingHours = { Enabled = false }, RefuseLists = CarrierForMarketing };
        var lists = new InMemoryRefuseLists(options.RefuseLists);
        await lists.ImportAsync("carrier-refuse-call", Text(TestNumbers.CnMobile + "\n"));
        var consents = new InMemoryConsentStore();
        consents.Grant(new ConsentRecord(TestNumbers.CnMobile, CallPurpose.Marketing, T0.AddDays(-1), Proof: "form"));
        consents.OptOut("+8613900139000", null, T0.AddDays(-1));
        var evaluator = options.CreateEvaluator(new FakeTimeProvider(T0), consentStore: consents, refuseLists: lists);

        Assert.Equal([ReasonCode.RefuseCallListed], (await evaluator.EvaluateAsync(new OutboundCall(TestNumbers.UsCallerId, TestNumbers.CnMobile, CallPurpose.Marketing))).Reasons.ToArray());
        Assert.Equal([ReasonCode.OptedOut], (await evaluator.EvaluateAsync(new OutboundCall(TestNumbers.UsCallerId, "+8613900139000", CallPurpose.Service))).Reasons.ToArray());
    }

    [Fact]
    public async Task Erasing_a_number_keeps_it_refused_by_the_refuse_lists_which_hold_only_keyed_hashes()
    {
        await using var provider = new Microsoft.Extensions.DependencyInjection.ServiceCollection()
            .AddSingleton<TimeProvider>(new FakeTimeProvider(T0))
            .AddChinaDialCompliance(o =>
            {
                o.CallerIds.Approved = [TestNumbers.UsCallerId];
                o.CallingHours.Enabled = false;
                o.RefuseLists = CarrierForMarketing;
            })
            .BuildServiceProvider();
        var lists = provider.GetRequiredService<InMemoryRefuseLists>();
        await lists.ImportAsync("carrier-refuse-call", Text(TestNumbers.CnMobile + "\n"));

        await provider.GetRequiredService<PersonalDataEraser>().EraseAsync(TestNumbers.CnMobile);

        // A carrier's registration is the person's own refusal: erasure (PIPL Art. 47) must not let them be called.
        Assert.Contains(ReasonCode.RefuseCallListed, (await provider.GetRequiredService<OutboundCallEvaluator>().EvaluateAsync(new OutboundCall(TestNumbers.UsCallerId, TestNumbers.CnMobile, CallPurpose.Marketing))).Reasons);
        Assert.Equal(1, lists.CountOf("carrier-refuse-call"));
        Assert.NotEqual(lists.Hash(PhoneNumberClassifier.Classify(TestNumbers.CnMobile).Key), PhoneNumberClassifier.Classify(TestNumbers.CnMobile).Key);
    }

    [Fact]
    public async Task Asking_the_lists_about_a_callee_hashes_it_and_allocates_nothing()
    {
        var lists = new InMemoryRefuseLists(CarrierForMarketing);
        await lists.ImportAsync("carrier-refuse-call", Text(string.Join('\n', Enumerable.Range(0, 10_000).Select(i => $"+86139{i:00000000}"))));
        var listed = PhoneNumberClassifier.Classify("+8613900000042");
        var other = PhoneNumberClassifier.Classify(TestNumbers.CnMobile);
        lists.Check(listed, CallPurpose.Marketing);
        lists.Check(other, CallPurpose.Marketing);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var answers = 0;
        for (var i = 0; i < 10_000; i++)
        {
            answers += lists.Check(listed, CallPurpose.Marketing) == RefuseListAnswer.Listed ? 1 : 0;
            answers += lists.Check(other, CallPurpose.Marketing) == RefuseListAnswer.NotListed ? 1 : 0;
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(20_000, answers);
    }
}
