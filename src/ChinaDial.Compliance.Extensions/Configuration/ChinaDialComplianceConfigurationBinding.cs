using System.Collections.Generic;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace ChinaDial.Compliance.Configuration;

/// <summary>
/// Binds the configuration given to <c>AddChinaDialCompliance(configuration)</c> with the strict binder. Binding never
/// throws; the options validator binds the same configuration again to collect its problems, so that binding and
/// validation errors are reported together at start-up.
/// </summary>
/// <param name="configuration">The configuration root, or the <c>ChinaDialCompliance</c> section.</param>
internal sealed class ChinaDialComplianceConfigurationBinding(IConfiguration configuration) : IConfigureOptions<ChinaDialComplianceOptions>
{
    /// <summary>The configuration bound.</summary>
    public IConfiguration Configuration => configuration;

    public void Configure(ChinaDialComplianceOptions options)
        => StrictConfigurationBinder.Bind(configuration, options, new List<string>());

    /// <summary>Every binding problem of this configuration, adapters' sections checked against <paramref name="adapters"/>.</summary>
    public void CollectErrors(IEnumerable<AdapterSection> adapters, ICollection<string> errors)
        => StrictConfigurationBinder.Bind(configuration, new ChinaDialComplianceOptions(), errors, AdapterSectionHandling.Check, adapters);
}
