using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ChinaDial.Compliance.Configuration;

/// <summary>
/// A section under <c>ChinaDialCompliance</c> that belongs to an adapter package (<c>Redis</c>): the adapter binds it
/// itself. The strict binder checks its keys and values against the adapter's options, or, when the adapter is not
/// registered, refuses the section (an integrator who configured Redis but forgot to register the adapter would believe
/// the limits are shared by every node when each node keeps its own).
/// </summary>
/// <param name="name">The section's name under <c>ChinaDialCompliance</c>.</param>
/// <param name="options">The adapter's options: each key must name one.</param>
internal sealed class AdapterSection(string name, IReadOnlyDictionary<string, ScalarCheck> options)
{
    /// <summary>The adapters this package knows by name, and how each is registered.</summary>
    internal static readonly IReadOnlyList<(string Name, string Adapter, string Registration)> Known =
    [
        ("Redis", "the Redis adapter (ChinaDial.Compliance.Redis)", "services.AddChinaDialComplianceRedis(configuration)"),
    ];

    /// <summary>Per adapter this package knows by name: its options type (full name, assembly), the only one whose
    /// registration makes its section known, and the names of its options, against which its section is checked where
    /// the adapter is not referenced (<see cref="AdapterSectionHandling.NotUsed"/>). A test holds the names to the
    /// adapter's options.</summary>
    internal static readonly IReadOnlyList<(string Name, string OptionsType, string[] Options)> KnownOptions =
    [
        ("Redis", "ChinaDial.Compliance.Redis.RedisComplianceOptions, ChinaDial.Compliance.Redis",
        [
            "Configuration", "KeyPrefix", "KeySecret", "OperationTimeout", "CircuitFailureRatio", "CircuitMinimumThroughput",
            "CircuitSamplingDuration", "CircuitBreakDuration", "FailureMode", "ExpectedNodes",
        ]),
    ];

    /// <summary>The section's name under <c>ChinaDialCompliance</c>.</summary>
    public string Name => name;

    /// <summary>The known adapters' sections, each checked against the names of its options.</summary>
    public static List<AdapterSection> OfKnownNames()
    {
        var sections = new List<AdapterSection>();
        foreach (var (adapter, _, options) in KnownOptions)
        {
            sections.Add(OfNames(adapter, options));
        }

        return sections;
    }

    /// <summary>The section of an adapter whose options are <typeparamref name="TOptions"/>: one key per public
    /// settable property, each holding a value of the property's type (so new options are known at once).</summary>
    public static AdapterSection For<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicProperties)] TOptions>(string name)
    {
        var options = new Dictionary<string, ScalarCheck>(StringComparer.OrdinalIgnoreCase);
        foreach (var property in typeof(TOptions).GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.SetMethod is { IsPublic: true })
            {
                options[property.Name] = CheckOf(Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType);
            }
        }

        return new AdapterSection(name, options);
    }

    /// <summary>Registers the section of an adapter whose options are <typeparamref name="TOptions"/>, so that the
    /// options validator checks it strictly (an adapter's registration calls this once).</summary>
    public static void Register<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicProperties)] TOptions>(IServiceCollection services, string name)
    {
        ArgumentNullException.ThrowIfNull(services);
        foreach (var descriptor in services)
        {
            if (descriptor.ServiceType == typeof(AdapterSection) && descriptor.ImplementationInstance is AdapterSection registered
                && string.Equals(registered.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return;
            }
        }

        services.AddSingleton(For<TOptions>(name));
    }

    /// <summary>The section of an adapter known only by the names of its options, each holding one value.</summary>
    public static AdapterSection OfNames(string name, params string[] options)
    {
        var checks = new Dictionary<string, ScalarCheck>(StringComparer.OrdinalIgnoreCase);
        foreach (var option in options)
        {
            checks[option] = Value("a single value", static _ => true);
        }

        return new AdapterSection(name, checks);
    }

    /// <summary>Reports every key of <paramref name="section"/> that names no option of the adapter, or holds what the
    /// option cannot take.</summary>
    public void Check(IConfigurationSection section, string path, ICollection<string> errors)
    {
        if (section.Value is not null)
        {
            errors.Add($"{path} must be an object (JSON {{...}}); it is {Sections.Describe(section)}.");
            return;
        }

        foreach (var child in section.GetChildren())
        {
            if (options.TryGetValue(child.Key, out var check))
            {
                check(child, $"{path}:{child.Key}", errors);
            }
            else
            {
                errors.Add(NearMiss.NotAnOption(path, child.Key, options.Keys));
            }
        }
    }

    private static ScalarCheck CheckOf(Type type)
    {
        if (type == typeof(string))
        {
            return Value(Scalars.Text.Expected, static _ => true);
        }

        if (type == typeof(bool))
        {
            return Value(Scalars.Boolean.Expected, static text => bool.TryParse(text, out _));
        }

        if (type == typeof(int))
        {
            return Value(Scalars.Int32.Expected, static text => int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out _));
        }

        if (type == typeof(long))
        {
            return Value(Scalars.Int32.Expected, static text => long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out _));
        }

        if (type == typeof(double))
        {
            return Value(Scalars.Double.Expected, static text => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _));
        }

        if (type == typeof(TimeSpan))
        {
            return Value(Scalars.Duration.Expected, static text => Scalars.TryParseDuration(text, out _));
        }

        if (type.IsEnum)
        {
            return Value(
                $"one of {string.Join(", ", Enum.GetNames(type))}",
                text => Enum.TryParse(type, text, ignoreCase: true, out var value) && text.IndexOf(',', StringComparison.Ordinal) < 0 && Enum.IsDefined(type, value));
        }

        // Not a plain value: its shape is the adapter's to judge.
        return static (_, _, _) => true;
    }

    private static ScalarCheck Value(string expected, Func<string, bool> parses)
        => (section, path, errors) =>
        {
            if (section.Value is null || Sections.HasChildren(section) || !parses(section.Value))
            {
                errors.Add($"{path} must be {expected}; it is {Sections.Describe(section)}.");
                return false;
            }

            return true;
        };
}

/// <summary>Checks one option's section, reporting what is wrong with it.</summary>
internal delegate bool ScalarCheck(IConfigurationSection section, string path, ICollection<string> errors);
