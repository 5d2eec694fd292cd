using System;
using System.Collections.Generic;
using System.IO;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;

namespace ChinaDial.Compliance;

/// <summary>
/// The refuse-call and do-not-call lists of one process: each list a table of its numbers' 64-bit keyed hashes
/// (HMAC-SHA256 with a secret drawn for this instance; no number is kept), about 9 bytes a number, membership in O(1)
/// without allocating. <see cref="ImportAsync"/> builds a new table beside the one in use and swaps it in with one
/// reference write, so a call judged during an import sees the old list or the new one, whole.
/// </summary>
public sealed class InMemoryRefuseLists : IRefuseListStore
{
    private readonly byte[] _secret = RandomNumberGenerator.GetBytes(32);
    private readonly Dictionary<string, int> _indexes = new(StringComparer.Ordinal);
    private readonly string[] _names;
    private readonly RefuseListTable?[] _tables;
    private readonly int[][] _byPurpose = new int[3][];

    /// <summary>Creates the lists named in <paramref name="options"/>, all empty and not loaded (a call a list applies
    /// to is <c>policy_error</c> until it is imported).</summary>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public InMemoryRefuseLists(RefuseListOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        options.Validate(errors, "RefuseLists");
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(Environment.NewLine, errors), nameof(options));
        }

        _names = [.. options.Lists.Keys];
        Array.Sort(_names, StringComparer.Ordinal);
        _tables = new RefuseListTable?[_names.Length];
        var byPurpose = new List<int>[] { [], [], [] };
        for (var i = 0; i < _names.Length; i++)
        {
            _indexes[_names[i]] = i;
            foreach (var purpose in options.Lists[_names[i]])
            {
                byPurpose[(int)purpose].Add(i);
            }
        }

        for (var p = 0; p < 3; p++)
        {
            _byPurpose[p] = [.. byPurpose[p]];
        }
    }

    /// <summary>The configured lists, by name.</summary>
    public IReadOnlyList<string> Names => _names;

    /// <summary>Whether list <paramref name="name"/> was imported.</summary>
    public bool IsLoaded(string name) => Volatile.Read(ref _tables[Index(name)]) is not null;

    /// <summary>How many distinct numbers list <paramref name="name"/> holds (0 when not loaded).</summary>
    public long CountOf(string name) => Volatile.Read(ref _tables[Index(name)])?.Count ?? 0;

    /// <summary>The bytes list <paramref name="name"/>'s table holds (0 when not loaded).</summary>
    public long BytesOf(string name) => Volatile.Read(ref _tables[Index(name)])?.Bytes ?? 0;

    /// <inheritdoc />
    /// <remarks>Reads the whole file, hashes its numbers (on every core) and builds the table before the swap; the
    /// file's numbers are held as 8-byte keys only while it loads.</remarks>
    public Task<long> ImportAsync(string name, Stream source, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        var index = Index(name);
        var keys = new ulong[1 << 16];
        var count = 0;
        RefuseListReader.Read(source, key =>
        {
            if (count == keys.Length)
            {
                if ((count & 0xFFFFF) == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }

                Array.Resize(ref keys, checked(keys.Length * 2));
            }

            keys[count++] = key;
        });
        Parallel.For(0, (count + 65_535) / 65_536, new ParallelOptions { CancellationToken = cancellationToken }, block =>
        {
            var end = Math.Min(count, (block + 1) * 65_536);
            for (var i = block * 65_536; i < end; i++)
            {
                keys[i] = Hash(keys[i]);
            }
        });
        var table = new RefuseListTable(keys, count);
        Volatile.Write(ref _tables[index], table);
        return Task.FromResult((long)table.Count);
    }

    /// <summary>Replaces list <paramref name="name"/> by the file at <paramref name="path"/> (see <see cref="ImportAsync"/>).</summary>
    public Task<long> ImportFileAsync(string name, string path, CancellationToken cancellationToken = default)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        return ImportAsync(name, file, cancellationToken);
    }

    /// <summary>What the lists say of calling <paramref name="callee"/> for <paramref name="purpose"/>: listed (on a
    /// loaded list of that purpose), not loaded (some list of that purpose was never imported), or neither. One keyed
    /// hash, then one look per list; nothing allocated.</summary>
    internal RefuseListAnswer Check(PhoneNumberInfo callee, CallPurpose purpose)
    {
        var lists = _byPurpose[(int)purpose];
        if (lists.Length == 0 || !callee.IsParsed)
        {
            return RefuseListAnswer.NotListed;
        }

        var hash = Hash(callee.Key);
        var notLoaded = false;
        foreach (var list in lists)
        {
            if (Volatile.Read(ref _tables[list]) is not { } table)
            {
                notLoaded = true;
            }
            else if (table.Contains(hash))
            {
                return RefuseListAnswer.Listed;
            }
        }

        return notLoaded ? RefuseListAnswer.NotLoaded : RefuseListAnswer.NotListed;
    }

    /// <summary>Whether any list applies to <paramref name="purpose"/>.</summary>
    internal bool AppliesTo(CallPurpose purpose) => _byPurpose[(int)purpose].Length > 0;

    /// <summary>A number's key in the lists: 64 bits of its HMAC-SHA256 with this instance's secret.</summary>
    internal ulong Hash(ulong number)
        => KeyedNumberHash.Of(_secret, number);

    private int Index(string name)
        => name is not null && _indexes.TryGetValue(name, out var index)
            ? index
            : throw new ArgumentException($"No refuse list '{name}' is configured (RefuseLists:Lists names: {string.Join(", ", _names)}).", nameof(name));
}
