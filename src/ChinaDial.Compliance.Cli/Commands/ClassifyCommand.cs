using System.CommandLine;
using System.IO;
using ChinaDial.Compliance.Cli.Input;
using ChinaDial.Compliance.Cli.Output;

namespace ChinaDial.Compliance.Cli.Commands;

/// <summary><c>chinadial classify NUMBER...</c>: one JSON object per number; exit 1 when any number is invalid.</summary>
internal static class ClassifyCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var numbers = new Argument<string[]>("NUMBER") { Description = "Numbers in E.164 form, e.g. +8613800138000.", Arity = ArgumentArity.OneOrMore };
        var policy = new Option<string?>("--policy") { Description = "A policy JSON file (section ChinaDialCompliance); its caller-ID rules decide callerIdProblems." };
        var command = new Command("classify", "Classify numbers: validity, region, kind and why each could not be a caller ID.") { numbers, policy };
        command.SetAction(parsed =>
        {
            var report = new NumberReport(PolicyFile.Load(parsed.GetValue(policy), stderr).CallerIds);
            var invalid = 0;
            var all = parsed.GetValue(numbers) ?? [];
            foreach (var input in all)
            {
                var number = PhoneNumberClassifier.Classify(input);
                report.Write(stdout, input, number, report.CallerIdProblems(number), compliant: null);
                invalid += number.IsValid ? 0 : 1;
            }

            stderr.WriteLine($"classified {all.Length} number(s): {all.Length - invalid} valid, {invalid} invalid");
            return invalid == 0 ? ExitCodes.AllPassed : ExitCodes.SomeFailed;
        });
        return command;
    }
}
