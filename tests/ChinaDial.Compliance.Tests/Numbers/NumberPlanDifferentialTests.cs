using FsCheck;
using FsCheck.Fluent;
using PhoneNumbers;

namespace ChinaDial.Compliance.Tests.Numbers;

public class NumberPlanDifferentialTests
{
    private const int CasesPerKind = 10_000;
    private static readonly PhoneMetadata China = PhoneNumberUtil.GetInstance().GetMetadataForRegion("CN");

    /// <summary>Each CN number kind that has numbers, with its national-number pattern.</summary>
    public static TheoryData<string> ChineseKinds()
    {
        var kinds = new TheoryData<string>();
        foreach (var (name, desc) in Descs())
        {
            if (!string.IsNullOrEmpty(desc.NationalNumberPattern))
            {
                kinds.Add(name);
            }
        }

        return kinds;
    }

    private static IEnumerable<(string Name, PhoneNumberDesc Desc)> Descs() =>
    [
        ("fixed_line", China.FixedLine), ("mobile", China.Mobile), ("toll_free", China.TollFree), ("premium_rate", China.PremiumRate),
        ("shared_cost", China.SharedCost), ("voip", China.Voip), ("personal_number", China.PersonalNumber), ("pager", China.Pager),
        ("uan", China.Uan), ("voicemail", China.Voicemail), ("no_international_dialling", China.NoInternationalDialling),
    ];

    [Fact]
    public void The_classifier_agrees_with_libphonenumber_on_every_example_number_of_every_region_and_type()
    {
        var examples = Oracle.ExampleNumbers().Distinct().ToList();
        var disagreements = examples.Select(e => Oracle.Disagreement(e, PhoneNumberClassifier.Classify(e))).OfType<string>().ToList();

        Assert.True(examples.Count > 1000, $"only {examples.Count} example numbers");
        Assert.DoesNotContain(examples, Oracle.StripsNationalPrefix);
        Assert.Empty(disagreements);
    }

    [Theory]
    [MemberData(nameof(ChineseKinds))]
    public void The_classifier_agrees_with_libphonenumber_across_each_chinese_number_space(string kind)
    {
        var pattern = Descs().Single(d => d.Name == kind).Desc.NationalNumberPattern;
        var numbers =
            from seed in Gen.Choose(0, int.MaxValue)
            from mutation in Gen.Choose(0, 5)
            select Mutate(PatternSampler.Sample(pattern, new Random(seed)), mutation, new Random(seed ^ 0x5bd1e995));

        var property = Prop.ForAll(numbers.ToArbitrary(), national =>
        {
            var e164 = "+86" + national;
            var disagreement = Oracle.Disagreement(e164, PhoneNumberClassifier.Classify(e164));
            return disagreement is null ? true.ToProperty() : false.Label(disagreement);
        });

        Check.One(Config.QuickThrowOnFailure.WithMaxTest(CasesPerKind), property);
    }

    [Fact]
    public void The_classifier_agrees_with_libphonenumber_on_random_digit_strings_of_chinese_lengths()
    {
        var numbers =
            from length in Gen.Choose(3, 13)
            from digits in Gen.ArrayOf(Gen.Choose(0, 9), length)
            select string.Concat(digits);

        var property = Prop.ForAll(numbers.ToArbitrary(), national =>
        {
            var e164 = "+86" + national.TrimStart('0').PadLeft(1, '1');
            var disagreement = Oracle.Disagreement(e164, PhoneNumberClassifier.Classify(e164));
            return disagreement is null ? true.ToProperty() : false.Label(disagreement);
        });

        Check.One(Config.QuickThrowOnFailure.WithMaxTest(CasesPerKind), property);
    }

    /// <summary>0 and 1: the sampled number as drawn; 2: one digit changed; 3: a digit added; 4: the last digit
    /// dropped; 5: two digits swapped — near-misses that test the edges of each space.</summary>
    private static string Mutate(string number, int mutation, Random random)
    {
        if (number.Length < 2)
        {
            return number;
        }

        var chars = number.ToCharArray();
        var at = random.Next(chars.Length);
        return mutation switch
        {
            2 => new string(chars) is var s ? s[..at] + (char)('0' + random.Next(10)) + s[(at + 1)..] : number,
            3 => number.Insert(at, ((char)('0' + random.Next(10))).ToString()),
            4 => number[..^1],
            5 => Swap(chars, at, (at + 1) % chars.Length),
            _ => number,
        };
    }

    private static string Swap(char[] chars, int a, int b)
    {
        (chars[a], chars[b]) = (chars[b], chars[a]);
        return new string(chars);
    }
}
