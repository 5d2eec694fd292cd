using System.CommandLine;
using System.Linq;
using System.IO;
using ChinaDial.Compliance.Cli.Input;
using ChinaDial.Compliance.Cli.Output;

namespace ChinaDial.Compliance.Cli.Commands;

/// <summary>
/// <c>chinadial audit-numbers FILE</c>: the caller-ID inventory audit. One <c>classify</c>-shaped object per number
/// plus <c>"compliant"</c>; exit 1 when any number is not compliant, 2 when the file cannot be read (checked whole
/// before anything is printed).
/// </summary>
internal static class AuditNumbersCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var file = new Argument<string>("FILE") { Description = "One number per line, or a CSV file with a 'number' column." };
        var policy = new Option<string?>("--policy") { Description = "A policy JSON file (section ChinaDialCompliance); its caller-ID rules apply." };
        var command = new Command("audit-numbers", "Audit a caller-ID inventory for calling China: invalid, toll-free, UIFN, prohibited-region and short-code numbers.") { file, policy };
        command.SetAction(parsed =>
        {
            var path = parsed.GetValue(file)!;
            var report = new NumberReport(PolicyFile.Load(parsed.GetValue(policy), stderr).CallerIds);
            var tally = new ReasonTally();
            int total = 0, compliant = 0;

            // Every line is read before the first is printed: a file that cannot be read prints nothing.
            foreach (var row in NumberListReader.Read(path).ToList())
            {
                var number = PhoneNumberClassifier.Classify(row.Number);
                var problems = report.CallerIdProblems(number);
                report.Write(stdout, row.Number, number, problems, problems.IsEmpty);
                tally.Add(problems);
                total++;
                compliant += problems.IsEmpty ? 1 : 0;
            }

            stderr.WriteLine($"audited {total} number(s) in {path}: {compliant} compliant, {total - compliant} not");
            tally.WriteTo(stderr, "  ");
            return compliant == total ? ExitCodes.AllPassed : ExitCodes.SomeFailed;
        });
        return command;
    }
}
