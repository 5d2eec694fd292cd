using FsCheck;
using FsCheck.Fluent;
using Microsoft.Extensions.Time.Testing;

namespace ChinaDial.Compliance.Tests.Evaluation;

public class BadInputPropertyTests
{
    private static readonly OutboundCallEvaluator Evaluator = new ChinaDialComplianceOptions
    {
        CallerIds = { Approved = [TestNumbers.UsCallerId] },
    }.CreateEvaluator(new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 2, 0, 0, TimeSpan.Zero)));

    /// <summary>Strings a dialer might be handed: empty, letters, full-width digits, control characters, no '+',
    /// 10,000 characters, and near-numbers.</summary>
    private static Gen<string?> HostileStrings()
    {
        var fullWidth = Gen.Elements("＋８６１３８００１３８０００", "+８６138", "٨٦١٣٨");
        var control = Gen.Elements("\0", "+86\u0000138", "\u202E+8613800138000", "+86\r\n13800138000", "\t");
        var withoutPlus = Gen.Choose(1_000_000, int.MaxValue).Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var huge = Gen.Elements(new string('9', 10_000), "+" + new string('8', 10_000), new string('+', 10_000));
        var noise = ArbMap.Default.GeneratorFor<string>();
        var nearNumbers = Gen.Choose(0, 25).Select(n => "+" + new string('1', n));
        return Gen.OneOf(
            Gen.Constant<string?>(null),
            Gen.Constant<string?>(string.Empty),
            fullWidth.Select(s => (string?)s),
            control.Select(s => (string?)s),
            withoutPlus.Select(s => (string?)s),
            huge.Select(s => (string?)s),
            noise.Select(s => (string?)s),
            nearNumbers.Select(s => (string?)s));
    }

    [Fact]
    public void Arbitrary_strings_never_throw_and_never_allow_a_call_they_do_not_spell()
    {
        var property = Prop.ForAll(
            HostileStrings().ToArbitrary(),
            HostileStrings().ToArbitrary(),
            (callerId, destination) =>
            {
                var decision = Evaluator.EvaluateAsync(new OutboundCall(callerId, destination, CallPurpose.Marketing)).AsTask().GetAwaiter().GetResult();
                var callerIdOk = PhoneNumberClassifier.Classify(callerId).IsValid;
                var destinationOk = PhoneNumberClassifier.Classify(destination).IsValid;
                return decision.Verdict != CallVerdict.Allow
                    && (callerIdOk || decision.Reasons.Contains(ReasonCode.InvalidCallerId) || decision.Reasons.Contains(ReasonCode.CallerIdShortCodeMarketing))
                    && (destinationOk || decision.Reasons.Contains(ReasonCode.InvalidDestination) || decision.Reasons.Contains(ReasonCode.DestinationSpecialService));
            });

        Check.One(Config.QuickThrowOnFailure.WithMaxTest(10_000), property);
    }

    [Theory]
    [InlineData(null, ReasonCode.InvalidDestination)]
    [InlineData("", ReasonCode.InvalidDestination)]
    [InlineData("call me", ReasonCode.InvalidDestination)]
    [InlineData("8613800138000", ReasonCode.InvalidDestination)]
    [InlineData("＋８６１３８００１３８０００", ReasonCode.InvalidDestination)]
    [InlineData("+86\u000013800138000", ReasonCode.InvalidDestination)]
    public async Task Bad_destinations_are_denied_with_invalid_destination(string? destination, ReasonCode expected)
    {
        var decision = await Evaluator.EvaluateAsync(new OutboundCall(TestNumbers.UsCallerId, destination, CallPurpose.Service));
        Assert.Equal(CallVerdict.Deny, decision.Verdict);
        Assert.Equal([expected], decision.Reasons.ToArray());
    }

    [Fact]
    public async Task A_ten_thousand_character_caller_id_is_denied_with_invalid_caller_id()
    {
        var decision = await Evaluator.EvaluateAsync(new OutboundCall("+" + new string('1', 10_000), TestNumbers.CnMobile, CallPurpose.Service));
        Assert.Equal([ReasonCode.InvalidCallerId], decision.Reasons.ToArray());
    }
}
