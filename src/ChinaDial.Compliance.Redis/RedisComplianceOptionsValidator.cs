using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace ChinaDial.Compliance.Redis;

/// <summary>Validates <see cref="RedisComplianceOptions"/> at start-up, every problem in one failure.</summary>
internal sealed class RedisComplianceOptionsValidator(IServiceProviderIsService services) : IValidateOptions<RedisComplianceOptions>
{
    public ValidateOptionsResult Validate(string? name, RedisComplianceOptions options)
    {
        var errors = options.Validate(hasMultiplexer: services.IsService(typeof(IConnectionMultiplexer)));
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
