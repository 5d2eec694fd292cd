using System.CommandLine;
using ChinaDial.Compliance.Cli.Input;

namespace ChinaDial.Compliance.Cli.Commands;

/// <summary>The inputs <c>screen</c> and <c>report</c> share: the calls file, the policy, extra approved caller IDs,
/// consents and opt-outs.</summary>
internal sealed class ReplayInputs
{
    private readonly Option<string> _calls = new("--calls") { Description = "CSV: id,at,caller_id,destination,purpose[,client_ip,answered,duration_s].", Required = true };
    private readonly Option<string?> _policy = new("--policy") { Description = "A policy JSON file (section ChinaDialCompliance); library defaults when absent." };
    private readonly Option<string[]> _approve = new("--approve") { Description = "A caller ID to add to the approved inventory (repeatable)." };
    private readonly Option<string?> _consents = new("--consents") { Description = "CSV: number,purpose,granted_at,revoked_at (revoked_at may be empty)." };
    private readonly Option<string?> _optOuts = new("--opt-outs") { Description = "CSV: number,purpose,at (purpose 'all' for every purpose)." };

    public void AddTo(Command command)
    {
        command.Add(_calls);
        command.Add(_policy);
        command.Add(_approve);
        command.Add(_consents);
        command.Add(_optOuts);
    }

    /// <summary>The calls file, the options (with <c>--approve</c> numbers added, validated) and the consent store
    /// holding the <c>--consents</c> and <c>--opt-outs</c> files.</summary>
    public (string CallsPath, ChinaDialComplianceOptions Options, InMemoryConsentStore Consents) Read(ParseResult parsed)
    {
        var options = PolicyFile.Load(parsed.GetValue(_policy), parsed.InvocationConfiguration.Error);
        foreach (var number in parsed.GetValue(_approve) ?? [])
        {
            options.CallerIds.Approved.Add(number);
        }

        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new InputException($"--approve: {string.Join("; ", errors)}");
        }

        var consents = new InMemoryConsentStore();
        if (parsed.GetValue(_consents) is { } consentsPath)
        {
            ConsentsFile.LoadInto(consentsPath, consents);
        }

        if (parsed.GetValue(_optOuts) is { } optOutsPath)
        {
            OptOutsFile.LoadInto(optOutsPath, consents);
        }

        return (parsed.GetValue(_calls)!, options, consents);
    }
}
