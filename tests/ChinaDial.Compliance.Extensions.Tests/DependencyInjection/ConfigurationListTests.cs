using System.Collections;
using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ChinaDial.Compliance.Extensions.Tests.DependencyInjection;

public class ConfigurationListTests
{
    /// <summary>Every list option whose default is not empty, as a configuration path and its element type.</summary>
    private static IEnumerable<(string Path, Type Element)> ListsWithDefaults(object options, string path)
    {
        foreach (var property in options.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var value = property.GetValue(options);
            var type = property.PropertyType;
            if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IList<>))
            {
                if (((ICollection)value!).Count > 0)
                {
                    yield return ($"{path}:{property.Name}", type.GetGenericArguments()[0]);
                }
            }
            else if (type.IsClass && type.Namespace == "ChinaDial.Compliance" && value is not null)
            {
                foreach (var nested in ListsWithDefaults(value, $"{path}:{property.Name}"))
                {
                    yield return nested;
                }
            }
        }
    }

    private static Dictionary<string, string?> OneElement(string path, Type element) => element switch
    {
        _ when element.IsEnum => new() { [$"{path}:0"] = Enum.GetNames(element)[^1] },
        _ when element == typeof(string) => new() { [$"{path}:0"] = "SG" },
        _ => new() { [$"{path}:0:Limit"] = "1", [$"{path}:0:Window"] = "00:01:00" },
    };

    private static ChinaDialComplianceOptions Bind(Dictionary<string, string?> values)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        using var provider = new ServiceCollection().AddChinaDialCompliance(configuration).BuildServiceProvider();
        return provider.GetRequiredService<IOptions<ChinaDialComplianceOptions>>().Value;
    }

    [Fact]
    public void Every_list_option_given_in_configuration_replaces_its_default_instead_of_growing_it()
    {
        var lists = ListsWithDefaults(new ChinaDialComplianceOptions(), "ChinaDialCompliance").ToList();
        Assert.True(lists.Count >= 6, string.Join(", ", lists.Select(l => l.Path)));

        foreach (var (path, element) in lists)
        {
            var bound = Bind(OneElement(path, element));
            object current = bound;
            foreach (var name in path.Split(':').Skip(1))
            {
                current = current.GetType().GetProperty(name)!.GetValue(current)!;
            }

            Assert.True(((ICollection)current).Count == 1, $"{path} kept its default and appended the configured element");
        }
    }

    [Fact]
    public void A_purpose_window_has_exactly_the_days_configured()
    {
        var bound = Bind(new() { ["ChinaDialCompliance:CallingHours:Purposes:Marketing:Days:0"] = "Monday" });
        Assert.Equal([DayOfWeek.Monday], bound.CallingHours.Purposes[CallPurpose.Marketing].Days);
    }
}
