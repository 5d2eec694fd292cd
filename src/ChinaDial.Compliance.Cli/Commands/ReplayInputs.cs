using System.CommandLine;
using ChinaDial.Compliance.Cli.Input;

namespace ChinaDial.Compliance.Cli.Commands;

/// <summary>The inputs <c>screen</c> and <c>report</c> share: the calls file, the policy, extra approved caller IDs.</summary>
internal sealed class ReplayInputs
{
    private readonly Option<string> _calls = new("--calls") { Description = "CSV: id,at,caller_id,destination,purpose[,client_ip,answered,duration_s].", Required = true };
    private readonly Option<string?> _policy = new("--policy") { Description = "A policy JSON file (section ChinaDialCompliance); library defaults when absent." };
    private readonly Option<string[]> _approve = new("--approve") { Description = "A caller ID to add to the approved inventory (repeatable)." };

    public void AddTo(Command command)
    {
        command.Add(_calls);
        command.Add(_policy);
        command.Add(_approve);
    }

    /// <summary>The calls file and the options, with <c>--approve</c> numbers added and validated.</summary>
    public (string CallsPath, ChinaDialComplianceOptions Options) Read(ParseResult parsed)
    {
        var options = PolicyFile.Load(parsed.GetValue(_policy));
        foreach (var number in parsed.GetValue(_approve) ?? [])
        {
            options.CallerIds.Approved.Add(number);
        }

        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new InputException($"--approve: {string.Join("; ", errors)}");
        }

        return (parsed.GetValue(_calls)!, options);
    }
}
