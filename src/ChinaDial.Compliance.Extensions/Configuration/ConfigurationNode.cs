using System;
using System.Collections.Generic;
using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace ChinaDial.Compliance.Configuration;

/// <summary>
/// One node of the options' configuration schema: reads a configuration section into a value of <typeparamref name="T"/>
/// and reports, instead of throwing, every way the section is not what the option needs (wrong shape, a value that
/// does not parse, an unknown key below it), each message naming the full configuration path.
/// </summary>
/// <typeparam name="T">The option's type.</typeparam>
internal abstract class ConfigurationNode<T>
{
    /// <summary>What the option takes, for messages: "a whole number", "a list (JSON [...])".</summary>
    public abstract string Expected { get; }

    /// <summary>Reads <paramref name="section"/>, which configuration holds (a value, children, or both); on failure
    /// reports why to <paramref name="errors"/> and returns <see langword="false"/>.</summary>
    /// <param name="section">The section of the option.</param>
    /// <param name="path">The option's full configuration path, in the schema's spelling.</param>
    /// <param name="current">The option's value before binding: objects bind into it, lists and maps replace it.</param>
    /// <param name="errors">Where problems go.</param>
    /// <param name="value">The value read.</param>
    public abstract bool TryRead(IConfigurationSection section, string path, T? current, ICollection<string> errors, out T value);

    /// <summary>"... must be X; it is Y." for a section of the wrong shape or value.</summary>
    protected string Mismatch(string path, IConfigurationSection section) => $"{path} must be {Expected}; it is {Describe(section)}.";

    /// <summary>What a section holds, in words.</summary>
    protected static string Describe(IConfigurationSection section) => Sections.Describe(section);

    /// <summary>Whether <paramref name="section"/> has keys below it.</summary>
    protected static bool HasChildren(IConfigurationSection section) => Sections.HasChildren(section);

    /// <summary>At most 60 characters of <paramref name="value"/>, for messages.</summary>
    protected static string Cut(string value) => Sections.Cut(value);
}

/// <summary>Reads <paramref name="text"/> as a value; false when it is not one.</summary>
internal delegate bool ScalarParser<T>(string text, out T value);

/// <summary>An option holding one value (a number, a duration, a name): a section with a value and nothing below it.</summary>
internal sealed class ScalarNode<T>(string expected, ScalarParser<T> parse) : ConfigurationNode<T>
{
    public override string Expected => expected;

    public override bool TryRead(IConfigurationSection section, string path, T? current, ICollection<string> errors, out T value)
    {
        value = default!;
        if (section.Value is null || HasChildren(section) || !parse(section.Value, out value))
        {
            errors.Add(Mismatch(path, section));
            return false;
        }

        return true;
    }
}

/// <summary>An option holding a list: a section whose keys are the indices 0, 1, 2, ... The list configured
/// replaces the option's list (the configuration binder alone appends to a default list).</summary>
internal sealed class ListNode<T>(ConfigurationNode<T> element) : ConfigurationNode<IList<T>>
{
    public override string Expected => "a list (JSON [...])";

    public override bool TryRead(IConfigurationSection section, string path, IList<T>? current, ICollection<string> errors, out IList<T> value)
    {
        value = null!;
        var children = new List<(int Index, IConfigurationSection Section)>();
        foreach (var child in section.GetChildren())
        {
            if (!int.TryParse(child.Key, NumberStyles.None, CultureInfo.InvariantCulture, out var index))
            {
                errors.Add(Mismatch(path, section));
                return false;
            }

            children.Add((index, child));
        }

        if (section.Value is "" && children.Count == 0)
        {
            // [] (JSON's empty list; .NET configuration keeps it as an empty value): the option's list is emptied.
            value = [];
            return true;
        }

        if (section.Value is not null || children.Count == 0)
        {
            var hint = string.IsNullOrEmpty(section.Value) ? string.Empty : $" (write [\"{Cut(section.Value)}\"] for a list of one)";
            errors.Add($"{path} must be {Expected}; it is {Describe(section)}{hint}.");
            return false;
        }

        children.Sort(static (a, b) => a.Index.CompareTo(b.Index));
        for (var i = 0; i < children.Count; i++)
        {
            if (children[i].Index != i)
            {
                errors.Add($"{path} has elements {string.Join(", ", children.ConvertAll(c => c.Index))}: a list's indices run 0, 1, 2, ... without a gap.");
                return false;
            }
        }

        var list = new List<T>(children.Count);
        var ok = true;
        foreach (var (index, child) in children)
        {
            if (element.TryRead(child, $"{path}:{index}", default, errors, out var item))
            {
                list.Add(item);
            }
            else
            {
                ok = false;
            }
        }

        value = list;
        return ok;
    }
}

/// <summary>An option holding a map (JSON object) from keys of <typeparamref name="TKey"/> to values; the map
/// configured replaces the option's map.</summary>
internal sealed class MapNode<TKey, TValue>(string keyExpected, ScalarParser<TKey> parseKey, ConfigurationNode<TValue> element, Func<IDictionary<TKey, TValue>> create) : ConfigurationNode<IDictionary<TKey, TValue>>
    where TKey : notnull
{
    public override string Expected => $"an object (JSON {{...}}) whose keys are {keyExpected}";

    public override bool TryRead(IConfigurationSection section, string path, IDictionary<TKey, TValue>? current, ICollection<string> errors, out IDictionary<TKey, TValue> value)
    {
        value = create();
        if (section.Value is not null || Sections.IsList(section))
        {
            // A JSON list reaches configuration as keys 0, 1, 2, ...: not a map's keys.
            errors.Add(Mismatch(path, section));
            return false;
        }

        var ok = true;
        foreach (var child in section.GetChildren())
        {
            if (!parseKey(child.Key, out var key))
            {
                errors.Add($"{path}:{child.Key} is not a key of {path}: its keys are {keyExpected}.");
                ok = false;
            }
            else if (element.TryRead(child, $"{path}:{child.Key}", default, errors, out var item))
            {
                value[key] = item;
            }
            else
            {
                ok = false;
            }
        }

        return ok;
    }
}

/// <summary>Words for what a configuration section holds, for messages.</summary>
internal static class Sections
{
    /// <summary>What a section holds, in words: a value (quoted, cut at 60 characters), null, an object or a list.</summary>
    public static string Describe(IConfigurationSection section)
    {
        var hasChildren = HasChildren(section);
        return (section.Value, hasChildren) switch
        {
            (null, false) => "null (or an empty object)",
            ("", false) => "empty",
            (null, true) => IsList(section) ? "a list" : "an object",
            (var value, false) => $"'{Cut(value)}'",
            (_, true) => "both a value and keys below it",
        };
    }

    /// <summary>At most 60 characters of <paramref name="value"/>, for messages.</summary>
    public static string Cut(string value) => value.Length <= 60 ? value : string.Concat(value.AsSpan(0, 57), "...");

    /// <summary>Whether <paramref name="section"/> has keys below it.</summary>
    public static bool HasChildren(IConfigurationSection section)
    {
        using var children = section.GetChildren().GetEnumerator();
        return children.MoveNext();
    }

    /// <summary>Whether <paramref name="section"/> holds a list: keys below it, all of them indices.</summary>
    public static bool IsList(IConfigurationSection section)
    {
        var any = false;
        foreach (var child in section.GetChildren())
        {
            if (!int.TryParse(child.Key, NumberStyles.None, CultureInfo.InvariantCulture, out _))
            {
                return false;
            }

            any = true;
        }

        return any && section.Value is null;
    }
}
