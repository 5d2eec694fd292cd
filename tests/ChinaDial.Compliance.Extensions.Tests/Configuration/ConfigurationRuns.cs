using System.Text;
using ChinaDial.Compliance.Cli.Tests;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ChinaDial.Compliance.Extensions.Tests.Configuration;

/// <summary>One configuration JSON through both doors: <c>AddChinaDialCompliance(configuration)</c> at start-up and the
/// CLI's <c>--policy FILE</c>.</summary>
internal static class ConfigurationRuns
{
    public static IConfiguration Json(string json)
        => new ConfigurationBuilder().AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(json))).Build();

    /// <summary>The problems start-up validation reports for <paramref name="json"/>; fails the test unless it reports
    /// them as one <see cref="OptionsValidationException"/>.</summary>
    public static IReadOnlyList<string> StartUpFailures(string json, Action<IServiceCollection>? register = null)
    {
        var services = new ServiceCollection();
        register?.Invoke(services);
        using var provider = services.AddChinaDialCompliance(Json(json)).BuildServiceProvider();
        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());
        return [.. error.Failures];
    }

    /// <summary>The options bound from <paramref name="json"/> in DI, after start-up validation passed.</summary>
    public static ChinaDialComplianceOptions StartUp(string json)
    {
        using var provider = new ServiceCollection().AddChinaDialCompliance(Json(json)).BuildServiceProvider();
        provider.GetRequiredService<IStartupValidator>().Validate();
        return provider.GetRequiredService<IOptions<ChinaDialComplianceOptions>>().Value;
    }

    /// <summary><c>chinadial classify --policy FILE +8613800138000</c> with <paramref name="json"/> as the file.</summary>
    public static CliRun PolicyFile(string json)
    {
        using var file = new TempFile(json, ".json");
        return CliRun.Of("classify", "--policy", file.Path, TestNumbers.CnMobile);
    }

    /// <summary><c>chinadial classify --policy FILE +8613800138000</c> with <paramref name="bytes"/> as the file.</summary>
    public static (CliRun Run, string Path) PolicyFile(byte[] bytes)
    {
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"chinadial-{Guid.NewGuid():N}.json");
        File.WriteAllBytes(path, bytes);
        try
        {
            return (CliRun.Of("classify", "--policy", path, TestNumbers.CnMobile), path);
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>Asserts that <paramref name="json"/> fails start-up and the policy loader (exit 2), both naming
    /// <paramref name="expected"/>.</summary>
    public static void AssertRefused(string json, string expected)
    {
        var failures = StartUpFailures(json);
        Assert.True(failures.Any(f => f.Contains(expected, StringComparison.Ordinal)), $"start-up did not report '{expected}':{Environment.NewLine}{string.Join(Environment.NewLine, failures)}");

        var run = PolicyFile(json);
        Assert.True(run.ExitCode == 2, $"exit {run.ExitCode}, expected 2; stderr: {run.Stderr}");
        Assert.Contains(expected, run.Stderr, StringComparison.Ordinal);
    }
}
