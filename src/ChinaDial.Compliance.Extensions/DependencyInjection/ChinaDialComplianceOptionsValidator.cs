using Microsoft.Extensions.Options;

namespace ChinaDial.Compliance.DependencyInjection;

/// <summary>Validates the options at start-up, reporting every problem together (<see cref="ChinaDialComplianceOptions.Validate"/>).</summary>
internal sealed class ChinaDialComplianceOptionsValidator : IValidateOptions<ChinaDialComplianceOptions>
{
    public ValidateOptionsResult Validate(string? name, ChinaDialComplianceOptions options)
    {
        var errors = options.Validate();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
