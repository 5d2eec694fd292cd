using BenchmarkDotNet.Attributes;
using PhoneNumbers;

namespace ChinaDial.Compliance.Benchmarks.Numbers;

/// <summary>
/// Classifying +86 numbers: libphonenumber's <c>Parse</c> + <c>GetNumberType</c> (what a team would otherwise use)
/// against our generated-DFA classifier, on the same inputs (mobile, fixed line, toll-free, premium, shared cost,
/// short code, invalid).
/// </summary>
[MemoryDiagnoser]
public class ClassifyBenchmarks
{
    private static readonly string[] Inputs =
    [
        "+8613800138000", "+8618912345678", "+861012345678", "+862187654321", "+868001234567",
        "+8616812345", "+864001234567", "+8695588", "+8613800", "+8675512345678",
    ];

    private readonly PhoneNumberUtil _util = PhoneNumberUtil.GetInstance();
    private int _next;

    [Benchmark(Baseline = true)]
    public PhoneNumberType Libphonenumber_parse_and_get_number_type()
    {
        var input = Inputs[_next++ % Inputs.Length];
        return _util.GetNumberType(_util.Parse(input, null));
    }

    [Benchmark]
    public PhoneNumberKind Classifier_classify()
    {
        var input = Inputs[_next++ % Inputs.Length];
        return PhoneNumberClassifier.Classify(input).Kind;
    }
}
