using FsCheck;
using FsCheck.Fluent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace ChinaDial.Compliance.Redis.Tests.Privacy;

/// <summary>
/// Erasure (PIPL Art. 47) through the one entry point, <see cref="PersonalDataEraser"/>: after it, no in-memory store
/// holds anything derived from the number but the consent store's keyed-hash suppression, every other number's data is
/// untouched, and the number is still refused for every purpose.
/// </summary>
public class ErasureTests
{
    internal static readonly DateTimeOffset T0 = new(2026, 11, 23, 2, 0, 0, TimeSpan.Zero);
    internal static readonly string[] CallerIds = [TestNumbers.UsCallerId, TestNumbers.UsCallerId2];

    /// <summary>What happens to one of a case's numbers before the erasure: kind 0 a marketing grant with proof, 1 an
    /// opt-out of marketing, 2 a service call (answered or not), 3 a marketing call, 4 a click-to-dial request, 5 a
    /// callback call.</summary>
    public readonly record struct Happening(byte Kind, byte Number, bool Answered);

    /// <summary>A case's numbers: three CN mobiles drawn from a seed; the first is erased.</summary>
    internal static string[] NumbersOf(int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, 3).Select(i => $"+86139{i}{random.Next(0, 9_999_999):0000000}")];
    }

    internal static async Task PlayAsync(IServiceProvider provider, FakeTimeProvider? clock, string[] numbers, Happening[] steps)
    {
        var evaluator = provider.GetRequiredService<OutboundCallEvaluator>();
        var consents = provider.GetRequiredService<IConsentStore>();
        var guard = provider.GetRequiredService<ClickToDialGuard>();
        var i = 0;
        foreach (var step in steps)
        {
            var number = numbers[step.Number % numbers.Length];
            var callerId = CallerIds[i++ % CallerIds.Length];
            switch (step.Kind % 6)
            {
                case 0:
                    await GrantAsync(consents, new ConsentRecord(number, CallPurpose.Marketing, T0.AddDays(-1), Proof: "form", Id: "c"));
                    break;
                case 1:
                    await OptOutAsync(consents, number, CallPurpose.Marketing, T0.AddDays(-1));
                    break;
                case 4:
                    await guard.EvaluateAsync(new ClickToDialRequest(number, "203.0.113.7", IsAuthenticated: true));
                    break;
                default:
                    var purpose = (step.Kind % 6) switch { 2 => CallPurpose.Service, 3 => CallPurpose.Marketing, _ => CallPurpose.Callback };
                    var decision = await evaluator.EvaluateAsync(new OutboundCall(callerId, number, purpose));
                    decision.Ticket?.Complete(new CallOutcome(step.Answered, TimeSpan.FromSeconds(step.Answered ? 40 : 0)));
                    break;
            }

            clock?.Advance(TimeSpan.FromSeconds(13));
        }
    }

    private static Task GrantAsync(IConsentStore store, ConsentRecord record) => store switch
    {
        InMemoryConsentStore memory => Task.Run(() => memory.Grant(record)),
        ChinaDial.Compliance.Redis.RedisConsentStore redis => redis.GrantAsync(record),
        _ => throw new InvalidOperationException(),
    };

    private static Task OptOutAsync(IConsentStore store, string number, CallPurpose purpose, DateTimeOffset at) => store switch
    {
        InMemoryConsentStore memory => Task.Run(() => memory.OptOut(number, purpose, at)),
        ChinaDial.Compliance.Redis.RedisConsentStore redis => redis.OptOutAsync(number, purpose, at),
        _ => throw new InvalidOperationException(),
    };

    /// <summary>The erased number is refused for every purpose, with <c>opted_out</c>.</summary>
    internal static async Task<bool> StillRefusedAsync(OutboundCallEvaluator evaluator, string number)
    {
        foreach (var purpose in new[] { CallPurpose.Marketing, CallPurpose.Service, CallPurpose.Callback })
        {
            var decision = await evaluator.EvaluateAsync(new OutboundCall(TestNumbers.UsCallerId, number, purpose));
            if (decision.IsAllowed || !decision.Reasons.Contains(ReasonCode.OptedOut))
            {
                return false;
            }
        }

        return true;
    }

    private static ServiceProvider InMemoryProvider(FakeTimeProvider clock, InMemoryAuditSink audit) => new ServiceCollection()
        .AddSingleton<TimeProvider>(clock)
        .AddSingleton<IAuditSink>(audit)
        .AddChinaDialCompliance(o =>
        {
            o.CallerIds.Approved = [.. CallerIds];
            o.CallingHours.Enabled = false;
            o.Audit.Pepper = "an erasure test pepper";
        })
        .BuildServiceProvider();

    [Fact]
    public void After_erasure_no_in_memory_store_holds_anything_of_the_number_but_its_suppression_and_it_is_still_refused()
    {
        var property = Prop.ForAll(ArbMap.Default.ArbFor<Happening[]>(), ArbMap.Default.ArbFor<int>(), (steps, seed) =>
        {
            var clock = new FakeTimeProvider(T0);
            var audit = new InMemoryAuditSink();
            using var provider = InMemoryProvider(clock, audit);
            var numbers = NumbersOf(seed);
            PlayAsync(provider, clock, numbers, [.. steps, new Happening(2, 0, true), new Happening(0, 1, false), new Happening(4, 0, false), new Happening(2, 1, true)]).GetAwaiter().GetResult();
            var evaluator = provider.GetRequiredService<OutboundCallEvaluator>();
            var consents = provider.GetRequiredService<InMemoryConsentStore>();
            var kept = PhoneNumberClassifier.Classify(numbers[1]);
            var keptBefore = consents.Lookup(kept, CallPurpose.Marketing, clock.GetUtcNow()).Status;

            provider.GetRequiredService<PersonalDataEraser>().EraseAsync(numbers[0]).GetAwaiter().GetResult();

            var target = PhoneNumberClassifier.Classify(numbers[0]);
            var hash = new AuditOptions { Pepper = "an erasure test pepper" }.CreatePseudonymizer().Hash(target);
            var frequency = evaluator.Policies.OfType<DestinationFrequencyPolicy>().Single();
            var callerIdKeys = CallerIds.Select(c => PhoneNumberClassifier.Classify(c).Key).ToList();
            var digits = numbers[0][1..];
            return !consents.NumberKeys.Contains(target.Key)
                && consents.SuppressionKeys.SequenceEqual([consents.SuppressionKey(target.Key)])
                && !frequency.Holds(target.Key, callerIdKeys)
                && !provider.GetRequiredService<CallerIdHealthMonitor>().Holds(target)
                && !((InMemoryPendingCallbackStore)provider.GetRequiredService<IPendingCallbackStore>()).Holds(target.Key)
                && !((InMemoryClickToDialRequestCounter)provider.GetRequiredService<IClickToDialRequestCounter>()).Holds(target.Key)
                && audit.Records.All(r => r.DestinationHash != hash && r.CallerIdHash != hash && !r.ToString().Contains(digits, StringComparison.Ordinal))
                && audit.Records.Count > 0
                && consents.Lookup(kept, CallPurpose.Marketing, clock.GetUtcNow()).Status == keptBefore
                && frequency.Holds(kept.Key, callerIdKeys)
                && StillRefusedAsync(evaluator, numbers[0]).GetAwaiter().GetResult();
        });

        Check.One(Config.QuickThrowOnFailure.WithMaxTest(1_000), property);
    }

    [Fact]
    public async Task Erasing_a_number_rewrites_the_live_JSON_Lines_audit_file_without_its_records()
    {
        var path = Path.Combine(Path.GetTempPath(), $"chinadial-erase-{Guid.NewGuid():N}.jsonl");
        try
        {
            var clock = new FakeTimeProvider(T0);
            using var file = new JsonLinesAuditSink(path);
            await using var provider = new ServiceCollection()
                .AddSingleton<TimeProvider>(clock)
                .AddSingleton<IAuditSink>(file)
                .AddChinaDialCompliance(o => { o.CallerIds.Approved = [.. CallerIds]; o.CallingHours.Enabled = false; o.Audit.Pepper = "an erasure test pepper"; })
                .BuildServiceProvider();
            var evaluator = provider.GetRequiredService<OutboundCallEvaluator>();
            await evaluator.EvaluateAsync(new OutboundCall(TestNumbers.UsCallerId, TestNumbers.CnMobile, CallPurpose.Service));
            await evaluator.EvaluateAsync(new OutboundCall(TestNumbers.UsCallerId, "+8613900139000", CallPurpose.Service));

            await provider.GetRequiredService<PersonalDataEraser>().EraseAsync(TestNumbers.CnMobile);
            await evaluator.EvaluateAsync(new OutboundCall(TestNumbers.UsCallerId, "+8613900139001", CallPurpose.Service));

            var hash = new AuditOptions { Pepper = "an erasure test pepper" }.CreatePseudonymizer().Hash(PhoneNumberClassifier.Classify(TestNumbers.CnMobile));
            await file.FlushAsync(); // the sink buffers (issue 20): the live file holds what is flushed
            var lines = File.ReadAllLines(path);
            Assert.Equal(2, lines.Length); // the other number's, and the one written after the erasure
            Assert.DoesNotContain(lines, l => l.Contains(hash, StringComparison.Ordinal));
        }
        finally
        {
            File.Delete(path);
        }
    }

    private sealed class FailingStore : IPersonalDataStore
    {
        public ValueTask ForgetAsync(PhoneNumberInfo number, CancellationToken cancellationToken) => throw new TimeoutException("store down");
    }

    [Fact]
    public async Task A_store_that_fails_is_reported_after_every_other_store_erased()
    {
        var consents = new InMemoryConsentStore();
        consents.Grant(new ConsentRecord(TestNumbers.CnMobile, CallPurpose.Marketing, T0, Proof: "p"));
        var eraser = new PersonalDataEraser([new FailingStore(), consents, consents]);

        var error = await Assert.ThrowsAsync<AggregateException>(() => eraser.EraseAsync(TestNumbers.CnMobile));

        Assert.Contains("store down", Assert.Single(error.InnerExceptions).Message, StringComparison.Ordinal);
        Assert.Equal(ConsentStatus.OptedOut, consents.GetStatus(PhoneNumberClassifier.Classify(TestNumbers.CnMobile), CallPurpose.Marketing, T0));
        Assert.Equal(2, eraser.Stores.Count);
    }

    [Fact]
    public async Task An_unparseable_number_is_refused_not_silently_ignored()
        => await Assert.ThrowsAsync<ArgumentException>(() => new PersonalDataEraser([]).EraseAsync("13800138000"));
}
