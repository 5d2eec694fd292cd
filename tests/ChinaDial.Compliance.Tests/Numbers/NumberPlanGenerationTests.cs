using ChinaDial.Compliance.NumberPlanGenerator;

namespace ChinaDial.Compliance.Tests.Numbers;

public class NumberPlanGenerationTests
{
    private static readonly string CheckedIn = Path.Combine(RepositoryRoot.Path, "src", "ChinaDial.Compliance", "Numbers", "NumberPlan.g.cs");

    [Fact]
    public void The_checked_in_number_plan_is_what_the_generator_makes_from_the_referenced_libphonenumber()
    {
        var generated = NumberPlanSource.Generate(out _);

        Assert.True(
            generated == File.ReadAllText(CheckedIn),
            "NumberPlan.g.cs differs from the generator's output: regenerate with " +
            "'dotnet run --project tools/ChinaDial.Compliance.NumberPlanGenerator -- src/ChinaDial.Compliance/Numbers/NumberPlan.g.cs'.");
    }

    [Fact]
    public void A_one_entry_change_in_a_generated_table_makes_the_differential_check_fail()
    {
        var builder = new NumberPlanBuilder();
        builder.Build();
        var roots = new int[1000];
        var dead = new int[1000];
        foreach (var (code, (root, deadLabel)) in builder.Roots)
        {
            roots[code] = root == 0 ? -1 : root;
            dead[code] = deadLabel;
        }

        var labels = builder.Labels.ToArray();
        var transitions = builder.Transitions.SelectMany(row => row).Select(t => (ushort)t).ToArray();
        var examples = Oracle.ExampleNumbers().Distinct().ToList();

        int Disagreements(int[] l, ushort[] t) => examples.Count(e => Oracle.Disagreement(e, Classify(e, roots, dead, l, t)) is not null);

        Assert.Equal(0, Disagreements(labels, transitions));

        // One transition on the path of the CN mobile example, pointed at the next state.
        var path = WalkPath(TestNumbers.Example("CN", PhoneNumbers.PhoneNumberType.MOBILE), roots, transitions);
        var mutatedTransitions = (ushort[])transitions.Clone();
        mutatedTransitions[path[^1]]++;
        Assert.True(Disagreements(labels, mutatedTransitions) > 0, "a changed transition went unnoticed");

        // One label: the CN mobile example's final state called fixed line.
        var finalState = transitions[path[^1]];
        var mutatedLabels = (int[])labels.Clone();
        mutatedLabels[finalState] ^= (int)(PhoneNumberKind.Mobile ^ PhoneNumberKind.FixedLine) << 10;
        Assert.True(Disagreements(mutatedLabels, transitions) > 0, "a changed label went unnoticed");
    }

    private static PhoneNumberInfo Classify(string e164, int[] roots, int[] dead, int[] labels, ushort[] transitions)
        => NumberPlan.Classify(e164, roots, dead, labels, transitions);

    /// <summary>The transition-table indices the walk of <paramref name="e164"/> (a +86 number) uses.</summary>
    private static List<int> WalkPath(string e164, int[] roots, ushort[] transitions)
    {
        var state = roots[86];
        var path = new List<int>();
        foreach (var c in e164[3..])
        {
            var index = (state * 10) + (c - '0');
            path.Add(index);
            state = transitions[index];
        }

        return path;
    }
}
