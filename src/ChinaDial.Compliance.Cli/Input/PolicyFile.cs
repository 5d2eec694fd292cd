using System;
using System.IO;
using ChinaDial.Compliance.DependencyInjection;
using Microsoft.Extensions.Configuration;

namespace ChinaDial.Compliance.Cli.Input;

/// <summary>Reads the <c>ChinaDialCompliance</c> section of a policy file: the same JSON shape as the library's appsettings.</summary>
internal static class PolicyFile
{
    /// <summary>The options in <paramref name="path"/>, or the library defaults when <paramref name="path"/> is null.</summary>
    /// <exception cref="InputException">The file is missing, not JSON, or its options are invalid.</exception>
    public static ChinaDialComplianceOptions Load(string? path)
    {
        var options = new ChinaDialComplianceOptions();
        if (path is null)
        {
            return options;
        }

        if (!File.Exists(path))
        {
            throw new InputException($"{path}: policy file not found.");
        }

        IConfiguration configuration;
        try
        {
            configuration = new ConfigurationBuilder().AddJsonFile(Path.GetFullPath(path), optional: false, reloadOnChange: false).Build();
        }
        catch (Exception error) when (error is FormatException or InvalidDataException or IOException)
        {
            throw new InputException($"{path}: {error.Message}{(error.InnerException is null ? string.Empty : " " + error.InnerException.Message)}", error);
        }

        var section = configuration.GetSection(ChinaDialComplianceOptions.SectionName);
        if (!section.Exists())
        {
            throw new InputException($"{path}: no '{ChinaDialComplianceOptions.SectionName}' section.");
        }

        try
        {
            ChinaDialComplianceOptionsBinder.Bind(section, options);
        }
        catch (InvalidOperationException error)
        {
            throw new InputException($"{path}: {error.Message}", error);
        }

        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new InputException($"{path}: invalid policy:{Environment.NewLine}  {string.Join(Environment.NewLine + "  ", errors)}");
        }

        return options;
    }
}
