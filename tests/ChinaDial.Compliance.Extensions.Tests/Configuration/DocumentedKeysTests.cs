using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using ChinaDial.Compliance.Cli.Input;
using ChinaDial.Compliance.Cli.Tests;

namespace ChinaDial.Compliance.Extensions.Tests.Configuration;

/// <summary>
/// "Every documented key binds": the README's key table, every bindable key of the options graph and one JSON that
/// sets every key to a value other than its default must agree, and each value must land, through
/// <c>AddChinaDialCompliance(configuration)</c> and through the CLI's <c>--policy</c> alike. A new option therefore
/// cannot go undocumented or be silently ignored: add its README row, its schema entry (Extensions/Configuration) and
/// its value below.
/// </summary>
public class DocumentedKeysTests
{
    /// <summary>Every key, each set to a value other than its default (valid together).</summary>
    private const string EveryKey = """
        { "ChinaDialCompliance": {
            "CallerIds": {
              "Approved": [ "+12065550100", "+12065550101" ],
              "ApprovedDestinations": { "+12065550100": [ "CN" ] },
              "ConnectInstances": { "instance-a": [ "+12065550100" ], "instance-b": [ "+12065550101" ] },
              "ProhibitedRegions": [ "HK", "MO" ],
              "ProhibitTollFree": false,
              "ProhibitNonGeographic": false,
              "RequireCallbackVerification": true,
              "CallbackVerificationMaxAge": "14.00:00:00",
              "ConnectConfigurationVersion": "flows-v2",
              "VerificationsFile": "/tmp/chinadial-verifications.csv" },
            "Destinations": { "AllowedCountries": [ "CN" ], "DeniedCountries": [ "KP" ], "DeniedPrefixes": [ "+86168" ], "AllowedKinds": [ "Mobile" ] },
            "CallerIdRate": { "Enabled": false, "Limit": 4, "Window": "00:02:00", "Algorithm": "Paced", "Burst": 2 },
            "DestinationFrequency": {
              "Enabled": false,
              "PerDestination": [ { "Limit": 4, "Window": "2.00:00:00" } ],
              "PerCallerIdAndDestination": [ { "Limit": 1, "Window": "12:00:00" }, { "Limit": 3, "Window": "7.00:00:00" } ] },
            "Concurrency": { "Enabled": false, "MaxCallsInProgress": 3 },
            "CallerIdHealth": {
              "ShortCallThreshold": "00:00:20", "VeryShortCallThreshold": "00:00:10", "Window": "02:00:00", "MinimumCalls": 40,
              "AnswerRate": { "Warning": 0.4, "Critical": 0.2 },
              "AnswerRateToFleet": { "Warning": 0.5, "Critical": 0.3 },
              "ShortCallRatio": { "Warning": 0.6, "Critical": 0.8 },
              "VeryShortCallRatio": { "Warning": 0.2, "Critical": 0.4 },
              "DistinctCalleesPerHour": { "Warning": 100, "Critical": 200 },
              "VolumeToFleetAverage": { "Warning": 1.5, "Critical": 2.5 },
              "RepeatedCallRatio": { "Warning": 0.2, "Critical": 0.4 },
              "CallerIdsPerCalleePerDay": { "Warning": 2, "Critical": 4 },
              "QuarantineCoolDown": "2.00:00:00" },
            "CallerIdPacing": { "Enabled": false },
            "Consent": { "RequiredFor": [ "Marketing", "Callback" ], "RequireProof": [ "Callback" ] },
            "Retention": { "ConsentsAfterRevocation": "730.00:00:00", "AuditRecords": "365.00:00:00", "OutcomeCounters": "2.00:00:00" },
            "RefuseLists": { "Lists": { "carrier-refuse-call": [ "Marketing", "Service" ] } },
            "Alerts": { "NearLimitShare": 0.9 },
            "CallingHours": {
              "Enabled": false, "Start": "08:30", "End": "20:00", "Days": [ "Monday", "Tuesday" ],
              "TimeZone": "Asia/Urumqi", "CountryTimeZones": { "HK": "Asia/Hong_Kong" },
              "Purposes": { "Marketing": { "Start": "10:00", "End": "18:00", "Days": [ "Saturday" ] } },
              "RestrictedDates": [ "2026-10-01" ], "StopBeforeEnd": "00:15:00" },
            "Audit": { "Pepper": "a pepper of at least sixteen characters" },
            "Evaluator": { "PolicyTimeout": "00:00:01", "TicketLifetime": "03:00:00", "SchedulingHorizon": "2.00:00:00", "ClockSkewTolerance": "00:00:05", "PolicyModes": { "consent": "Observe" } },
            "ClickToDial": {
              "Destinations": { "AllowedCountries": [ "CN", "HK" ], "DeniedCountries": [ "KP" ], "DeniedPrefixes": [ "+86139" ], "AllowedKinds": [ "Mobile" ] },
              "Window": "02:00:00", "PerNumberLimit": 2, "PerIpLimit": 4, "PerNarrowNetworkLimit": 10, "PerWideNetworkLimit": 50,
              "PendingCallbackLifetime": "00:10:00", "MaxCounterBytes": 268435456, "RequireAuthentication": false, "DeflectionChannel": "email" } } }
        """;

    /// <summary>The keys of the README's table under "## Configuration" (<c>`A:B`, `:C`</c> is <c>A:B</c> and <c>A:C</c>).</summary>
    private static List<string> DocumentedKeys()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "README.md"));
        var start = readme.IndexOf("\n## Configuration\n", StringComparison.Ordinal);
        var end = readme.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
        var keys = new List<string>();
        foreach (var line in readme[start..end].Split('\n'))
        {
            if (!line.StartsWith("| `", StringComparison.Ordinal))
            {
                continue;
            }

            var cell = line.Split('|')[1];
            var parent = string.Empty;
            foreach (var item in cell.Split(',').Select(i => i.Trim().Trim('`')))
            {
                var key = item.StartsWith(':') ? parent + item : item;
                parent = key[..key.LastIndexOf(':')];
                keys.Add(key);
            }
        }

        return keys;
    }

    /// <summary>Every bindable key of the options graph: public settable properties, options classes walked into, the
    /// rest (values, lists, maps, threshold pairs) keys of their own.</summary>
    private static IEnumerable<(string Key, PropertyInfo Property)> BindableKeys(Type type, string prefix = "")
    {
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.SetMethod is { IsPublic: true }))
        {
            var key = prefix + property.Name;
            var t = property.PropertyType;
            if (t.IsClass && t != typeof(string) && t != typeof(HealthThresholds) && t.Namespace == "ChinaDial.Compliance")
            {
                foreach (var nested in BindableKeys(t, key + ":"))
                {
                    yield return nested;
                }
            }
            else
            {
                yield return (key, property);
            }
        }
    }

    /// <summary>The leaf keys a JSON object sets, by the bindable keys (a leaf's own value may be an object or list).</summary>
    private static Dictionary<string, JsonElement> JsonLeaves(JsonElement element, ISet<string> leaves, string prefix = "")
    {
        var found = new Dictionary<string, JsonElement>(StringComparer.OrdinalIgnoreCase);
        foreach (var property in element.EnumerateObject())
        {
            var key = prefix + property.Name;
            if (leaves.Contains(key))
            {
                found[key] = property.Value;
            }
            else if (property.Value.ValueKind == JsonValueKind.Object)
            {
                foreach (var (k, v) in JsonLeaves(property.Value, leaves, key + ":"))
                {
                    found[k] = v;
                }
            }
            else
            {
                found[key] = property.Value; // not a key: reported as undocumented
            }
        }

        return found;
    }

    private static object? Read(object root, string key)
    {
        var value = root;
        foreach (var name in key.Split(':'))
        {
            value = value!.GetType().GetProperty(name)!.GetValue(value);
        }

        return value;
    }

    /// <summary>What <paramref name="json"/> means as a value of <paramref name="type"/>, read independently of the
    /// binder, in the canonical text <see cref="Canonical"/> gives a bound value.</summary>
    private static string Expected(JsonElement json, Type type)
    {
        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IList<>))
        {
            return "[" + string.Join(",", json.EnumerateArray().Select(e => Expected(e, type.GetGenericArguments()[0]))) + "]";
        }

        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IDictionary<,>))
        {
            var (keyType, valueType) = (type.GetGenericArguments()[0], type.GetGenericArguments()[1]);
            return "{" + string.Join(",", json.EnumerateObject()
                .Select(p => (Key: Expected(JsonDocument.Parse(JsonSerializer.Serialize(p.Name)).RootElement, keyType), Value: Expected(p.Value, valueType)))
                .OrderBy(p => p.Key, StringComparer.Ordinal)
                .Select(p => $"{p.Key}={p.Value}")) + "}";
        }

        if (type == typeof(HealthThresholds) || type == typeof(FrequencyCap) || type == typeof(CallingWindowOptions))
        {
            var properties = type.GetProperties().OrderBy(p => p.Name, StringComparer.Ordinal);
            return "(" + string.Join(",", properties.Select(p => json.TryGetProperty(p.Name, out var v) ? Expected(v, p.PropertyType) : Canonical(p.GetValue(Activator.CreateInstance(type)))) ) + ")";
        }

        return type switch
        {
            _ when type == typeof(string) => json.GetString()!,
            _ when type == typeof(bool) => json.GetBoolean().ToString(CultureInfo.InvariantCulture),
            _ when type == typeof(int) => json.GetInt32().ToString(CultureInfo.InvariantCulture),
            _ when type == typeof(long) => json.GetInt64().ToString(CultureInfo.InvariantCulture),
            _ when type == typeof(double) => json.GetDouble().ToString("R", CultureInfo.InvariantCulture),
            _ when type == typeof(TimeSpan) => TimeSpan.Parse(json.GetString()!, CultureInfo.InvariantCulture).ToString("c", CultureInfo.InvariantCulture),
            _ when type.IsEnum => Enum.Parse(type, json.GetString()!, ignoreCase: true).ToString()!,
            _ => throw new InvalidOperationException($"No reading of {type} in this test: add one."),
        };
    }

    /// <summary>A bound value as canonical text: lists in order, maps by key, option objects by their properties.</summary>
    private static string Canonical(object? value) => value switch
    {
        null => "null",
        string s => s,
        bool b => b.ToString(CultureInfo.InvariantCulture),
        int i => i.ToString(CultureInfo.InvariantCulture),
        long l => l.ToString(CultureInfo.InvariantCulture),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        TimeSpan t => t.ToString("c", CultureInfo.InvariantCulture),
        Enum e => e.ToString(),
        IDictionary map => "{" + string.Join(",", map.Keys.Cast<object>().Select(k => (Key: Canonical(k), Value: Canonical(map[k]))).OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}")) + "}",
        IEnumerable list => "[" + string.Join(",", list.Cast<object?>().Select(Canonical)) + "]",
        _ => "(" + string.Join(",", value.GetType().GetProperties().Where(p => p.GetIndexParameters().Length == 0 && p.Name != "EqualityContract").OrderBy(p => p.Name, StringComparer.Ordinal).Select(p => Canonical(p.GetValue(value)))) + ")",
    };

    [Fact]
    public void The_readme_configuration_example_binds_through_DI_and_the_policy_file()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "README.md"));
        var section = readme[readme.IndexOf("\n## Configuration\n", StringComparison.Ordinal)..];
        var start = section.IndexOf("```json\n", StringComparison.Ordinal) + "```json\n".Length;
        var example = section[start..section.IndexOf("```", start, StringComparison.Ordinal)];
        using var file = new TempFile(example, ".json");

        Assert.Equal(PolicyMode.Observe, ConfigurationRuns.StartUp(example).Evaluator.PolicyModes["destination"]);
        Assert.Equal(PolicyMode.Observe, PolicyFile.Load(file.Path).Evaluator.PolicyModes["destination"]);
    }

    [Fact]
    public void The_readme_documents_every_bindable_key_and_no_other()
    {
        var documented = DocumentedKeys();
        var bindable = BindableKeys(typeof(ChinaDialComplianceOptions)).Select(k => k.Key).ToList();

        Assert.Empty(documented.GroupBy(k => k).Where(g => g.Count() > 1).Select(g => g.Key));
        Assert.True(bindable.Except(documented).ToList() is [], $"options missing from the README's key table: {string.Join(", ", bindable.Except(documented))}");
        Assert.True(documented.Except(bindable).ToList() is [], $"README keys that are not options: {string.Join(", ", documented.Except(bindable))}");
    }

    [Fact]
    public void Every_documented_key_set_to_a_value_other_than_its_default_lands_through_DI_and_the_policy_file()
    {
        var keys = BindableKeys(typeof(ChinaDialComplianceOptions)).ToDictionary(k => k.Key, k => k.Property, StringComparer.OrdinalIgnoreCase);
        var json = JsonLeaves(JsonDocument.Parse(EveryKey).RootElement.GetProperty("ChinaDialCompliance"), keys.Keys.ToHashSet(StringComparer.OrdinalIgnoreCase));
        var documented = DocumentedKeys();
        Assert.True(documented.Except(json.Keys, StringComparer.OrdinalIgnoreCase).ToList() is [], $"documented keys this test does not set: {string.Join(", ", documented.Except(json.Keys, StringComparer.OrdinalIgnoreCase))}");
        Assert.True(json.Keys.Except(documented, StringComparer.OrdinalIgnoreCase).ToList() is [], $"keys this test sets that are not documented: {string.Join(", ", json.Keys.Except(documented, StringComparer.OrdinalIgnoreCase))}");

        using var file = new TempFile(EveryKey, ".json");
        var defaults = new ChinaDialComplianceOptions();
        foreach (var (door, bound) in new[] { ("DI", ConfigurationRuns.StartUp(EveryKey)), ("--policy", PolicyFile.Load(file.Path)) })
        {
            foreach (var (key, value) in json)
            {
                var expected = Expected(value, keys[key].PropertyType);
                var actual = Canonical(Read(bound, key));
                Assert.True(expected == actual, $"{door}: {key} is {actual}, configured {expected}");
                Assert.True(actual != Canonical(Read(defaults, key)), $"{key}: this test's value is the default; give it another");
            }
        }
    }
}
