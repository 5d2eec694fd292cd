using System;
using System.Collections.Generic;
using Microsoft.Extensions.Configuration;

namespace ChinaDial.Compliance.Configuration;

/// <summary>
/// An options object: a section whose keys are the object's options. Every key must name one of them (a near miss
/// is answered with a suggestion); the configured options are bound into the object the option already holds.
/// </summary>
/// <typeparam name="T">The options class.</typeparam>
/// <param name="create">Makes the object when the option holds none.</param>
internal sealed class ObjectNode<T>(Func<T> create) : ConfigurationNode<T>
    where T : class
{
    private readonly List<IMember> _members = [];

    private interface IMember
    {
        string Name { get; }

        void Bind(IConfigurationSection section, string path, T target, ICollection<string> errors);
    }

    public override string Expected => "an object (JSON {...})";

    /// <summary>The names of the options, in the schema's order.</summary>
    public IEnumerable<string> Names
    {
        get
        {
            foreach (var member in _members)
            {
                yield return member.Name;
            }
        }
    }

    /// <summary>Adds the option <paramref name="name"/> (its property's name) read by <paramref name="node"/>.</summary>
    public ObjectNode<T> Add<TValue>(string name, ConfigurationNode<TValue> node, Func<T, TValue?> get, Action<T, TValue> set)
    {
        _members.Add(new Member<TValue>(name, node, get, set));
        return this;
    }

    public override bool TryRead(IConfigurationSection section, string path, T? current, ICollection<string> errors, out T value)
    {
        value = current ?? create();
        if (section.Value is not null || !HasChildren(section))
        {
            // JSON null reaches configuration as an empty object: neither sets anything, so say so rather than ignore it.
            errors.Add(section.Value is null
                ? $"{path} is null or an empty object: give its options, or remove the key to keep the defaults."
                : Mismatch(path, section));
            return false;
        }

        foreach (var child in section.GetChildren())
        {
            BindChild(child, path, value, errors);
        }

        return true;
    }

    /// <summary>Binds one key of the object's section: the option it names, or an error naming the key.</summary>
    /// <param name="child">The key's section.</param>
    /// <param name="path">The object's path.</param>
    /// <param name="target">The object.</param>
    /// <param name="errors">Where problems go.</param>
    /// <param name="others">Further names valid at this level (e.g. adapters' sections), for suggestions.</param>
    public void BindChild(IConfigurationSection child, string path, T target, ICollection<string> errors, IEnumerable<string>? others = null)
    {
        foreach (var member in _members)
        {
            if (string.Equals(member.Name, child.Key, StringComparison.OrdinalIgnoreCase))
            {
                member.Bind(child, $"{path}:{member.Name}", target, errors);
                return;
            }
        }

        errors.Add(NearMiss.NotAnOption(path, child.Key, others is null ? Names : [.. Names, .. others]));
    }

    private sealed class Member<TValue>(string name, ConfigurationNode<TValue> node, Func<T, TValue?> get, Action<T, TValue> set) : IMember
    {
        public string Name => name;

        public void Bind(IConfigurationSection section, string path, T target, ICollection<string> errors)
        {
            if (node.TryRead(section, path, get(target), errors, out var value))
            {
                set(target, value);
            }
        }
    }
}
