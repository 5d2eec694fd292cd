using System;
using System.Collections.Generic;
using System.IO;

namespace ChinaDial.Compliance.Cli.Input;

/// <summary>The <c>--refuse-list NAME=FILE</c> options: each list the policy names, imported from its file.</summary>
internal static class RefuseListsOption
{
    /// <summary>Imports every list <paramref name="given"/> (NAME=FILE): a list the policy names applies to its
    /// purposes there; another is added to <paramref name="options"/> for marketing calls (the carriers' registrations
    /// refuse commercial calls), said on <paramref name="notices"/>. Null when no list is named or given.</summary>
    /// <exception cref="InputException">A value is not NAME=FILE or names a list twice, a list the policy names is not
    /// given, or a file is not a list of numbers.</exception>
    public static InMemoryRefuseLists? Load(string[] given, RefuseListOptions options, TextWriter notices)
    {
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var value in given)
        {
            var equals = value.IndexOf('=', StringComparison.Ordinal);
            var name = equals > 0 ? value[..equals] : string.Empty;
            if (equals <= 0 || equals == value.Length - 1)
            {
                throw new InputException($"--refuse-list is '{InputFile.Show(value)}'; expected NAME=FILE (e.g. carrier-refuse-call=refuse.csv).");
            }

            if (!RefuseListOptions.IsValidListName(name))
            {
                throw new InputException($"--refuse-list {InputFile.Show(name)}: a list name is 1 to 64 lower-case letters, digits, '-' or '_'.");
            }

            if (!files.TryAdd(name, value[(equals + 1)..]))
            {
                throw new InputException($"--refuse-list {InputFile.Show(name)} is given twice.");
            }
        }

        foreach (var name in files.Keys)
        {
            if (options.Lists.TryAdd(name, [CallPurpose.Marketing]))
            {
                notices.WriteLine($"chinadial: refuse list '{name}' is not named in the policy (RefuseLists:Lists): it applies to marketing calls.");
            }
        }

        foreach (var name in options.Lists.Keys)
        {
            if (!files.ContainsKey(name))
            {
                throw new InputException($"the policy names refuse list '{InputFile.Show(name)}' (RefuseLists:Lists): give its numbers with --refuse-list {InputFile.Show(name)}=FILE (without them every call it applies to would be policy_error).");
            }
        }

        if (options.Lists.Count == 0)
        {
            return null;
        }

        var lists = new InMemoryRefuseLists(options);
        foreach (var (name, path) in files)
        {
            Import(lists, name, path);
        }

        return lists;
    }

    /// <summary>Reads one refuse list file as <c>--refuse-list</c> would (<c>chinadial check --refuse-list
    /// [NAME=]FILE</c>): how many distinct numbers it holds.</summary>
    /// <exception cref="InputException">The file is not a list of numbers (naming the line), is missing or is a directory.</exception>
    public static long Check(string value)
    {
        var at = value.IndexOf('=', StringComparison.Ordinal);
        var path = at > 0 && RefuseListOptions.IsValidListName(value[..at]) ? value[(at + 1)..] : value;
        var lists = new InMemoryRefuseLists(new RefuseListOptions { Lists = { ["check"] = [CallPurpose.Marketing] } });
        return Import(lists, "check", path);
    }

    private static long Import(InMemoryRefuseLists lists, string name, string path)
    {
        if (Directory.Exists(path))
        {
            throw new InputException($"{InputFile.Show(path)}: is a directory, not a refuse list.");
        }

        try
        {
            return lists.ImportFileAsync(name, path).GetAwaiter().GetResult();
        }
        catch (Exception error) when (error is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new InputException($"{InputFile.Show(path)}: refuse list file not found.", error);
        }
        catch (Exception error) when (error is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            throw new InputException($"{InputFile.Show(path)}: {InputFile.Show(error.Message)}", error);
        }
    }
}
