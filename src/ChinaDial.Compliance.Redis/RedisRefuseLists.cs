using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using StackExchange.Redis;

namespace ChinaDial.Compliance.Redis;

/// <summary>
/// Refuse-call and do-not-call lists shared by every node. A list is one Redis hash, <c>&lt;prefix&gt;:refuse:{NAME}</c>:
/// its numbers' 64-bit keyed hashes (HMAC-SHA256 with <see cref="RedisComplianceOptions.KeySecret"/>: no number is
/// written), sorted, in buckets of the hash's top bits (field = bucket, value = its 8-byte hashes; about 64 a bucket,
/// so that a look is O(1) whatever the list's size), and a field <c>bits</c>. A decision asks one script run per list
/// of its purpose (<see cref="Member"/>), sent with the rest of the decision's Redis work: one round trip.
/// </summary>
/// <remarks>
/// <see cref="ImportAsync"/> writes the new list under a key of its own beside the one in use (same hash slot), then
/// renames it over the old one: <c>RENAME</c> is atomic, so a decision reads the old list or the new one, whole. A list
/// that was never imported answers "not loaded", which refuses its purpose's calls with <c>policy_error</c>. About 8.5
/// bytes a number in Redis (8 for the hash, the rest the buckets' own cost); every node can import, the last to rename
/// wins.
/// </remarks>
public sealed class RedisRefuseLists : IRefuseListStore
{
    /// <summary>Whether a number is on a list. KEYS: the list. ARGV: the number's 8-byte keyed hash. Returns 1 when on
    /// it, 0 when not, -1 when the list was never imported. The bucket is the hash's top <c>bits</c> bits.</summary>
    internal static readonly RedisScript Member = new(LuaScripts.Read("refuse-list-member"));

    /// <summary>Puts a loaded list in place of the old one. KEYS: the loaded key, the list. Atomic.</summary>
    private static readonly RedisScript Publish = new(LuaScripts.Read("refuse-list-publish"));

    private const int BucketsPerCommand = 512;
    private readonly RedisGateway _gateway;
    private readonly Dictionary<string, int> _indexes = new(StringComparer.Ordinal);
    private readonly string[] _names;
    private readonly RedisKey[] _keys;
    private readonly int[][] _byPurpose = new int[3][];

    internal RedisRefuseLists(RedisGateway gateway, RefuseListOptions options)
    {
        ArgumentNullException.ThrowIfNull(gateway);
        ArgumentNullException.ThrowIfNull(options);
        _gateway = gateway;
        _names = [.. options.Lists.Keys];
        Array.Sort(_names, StringComparer.Ordinal);
        _keys = new RedisKey[_names.Length];
        var byPurpose = new List<int>[] { [], [], [] };
        for (var i = 0; i < _names.Length; i++)
        {
            _indexes[_names[i]] = i;
            _keys[i] = gateway.Keys.RefuseList(_names[i]);
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

    /// <summary>Whether any list is configured.</summary>
    internal bool Any => _names.Length > 0;

    /// <inheritdoc />
    /// <remarks>The file is read and hashed in this process, written beside the list in use in commands of 512
    /// buckets, then renamed over it. A failure before the rename leaves the old list in use (the half-written key
    /// expires within an hour).</remarks>
    public async Task<long> ImportAsync(string name, Stream source, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (name is null || !_indexes.TryGetValue(name, out var index))
        {
            throw new ArgumentException($"No refuse list '{name}' is configured (RefuseLists:Lists names: {string.Join(", ", _names)}).", nameof(name));
        }

        var hashes = new List<ulong>(1 << 16);
        var keys = _gateway.Keys;
        RefuseListReader.Read(source, number => hashes.Add(keys.CalleeKey(number)));
        hashes.Sort();
        var distinct = 0;
        for (var i = 0; i < hashes.Count; i++)
        {
            if (distinct == 0 || hashes[i] != hashes[distinct - 1])
            {
                hashes[distinct++] = hashes[i];
            }
        }

        var bits = 0;
        while (bits < 24 && ((long)distinct >> bits) > 64)
        {
            bits++;
        }

        var loading = keys.RefuseListLoading(name, Guid.NewGuid());
        var database = _gateway.Connection.GetDatabase();
        var fields = new List<HashEntry>(BucketsPerCommand) { new("bits", bits) };
        var at = 0;
        while (at < distinct)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var bucket = bits == 0 ? 0 : (long)(hashes[at] >> (64 - bits));
            var end = at;
            while (end < distinct && (bits == 0 ? 0 : (long)(hashes[end] >> (64 - bits))) == bucket)
            {
                end++;
            }

            var value = new byte[(end - at) * 8];
            for (var i = at; i < end; i++)
            {
                BinaryPrimitives.WriteUInt64BigEndian(value.AsSpan((i - at) * 8), hashes[i]);
            }

            fields.Add(new HashEntry(bucket, value));
            at = end;
            if (fields.Count >= BucketsPerCommand)
            {
                await WriteAsync(database, loading, fields).ConfigureAwait(false);
                fields.Clear();
            }
        }

        await WriteAsync(database, loading, fields).ConfigureAwait(false);
        await Publish.EvaluateAsync(database, [loading, _keys[index]], []).ConfigureAwait(false);
        return distinct;
    }

    /// <summary>What the lists of <paramref name="purpose"/> say of <paramref name="callee"/>: one script run per list,
    /// all sent at once, given up at <paramref name="deadline"/> (the decision's). No list: answered at once.</summary>
    internal Task<RefuseListAnswer> CheckAsync(PhoneNumberInfo callee, CallPurpose purpose, long deadline)
    {
        var lists = _byPurpose[(int)purpose];
        if (lists.Length == 0 || !callee.IsParsed)
        {
            return Task.FromResult(RefuseListAnswer.NotListed);
        }

        var left = System.Diagnostics.Stopwatch.GetElapsedTime(System.Diagnostics.Stopwatch.GetTimestamp(), deadline);
        if (left <= TimeSpan.Zero)
        {
            return Task.FromException<RefuseListAnswer>(new Polly.Timeout.TimeoutRejectedException("The decision's deadline passed.", _gateway.Options.OperationTimeout));
        }

        var hash = new byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(hash, _gateway.Keys.CalleeKey(callee.Key));
        RedisValue[] values = [hash];
        var answers = new Task<RedisResult>[lists.Length];
        for (var i = 0; i < lists.Length; i++)
        {
            RedisKey[] key = [_keys[lists[i]]];
            answers[i] = _gateway.ExecuteAsync(
                static (database, state) => Member.EvaluateAsync(database, state.key, state.values),
                (key, values),
                left,
                key[0]).AsTask();
        }

        return CombineAsync(answers);
    }

    private static async Task<RefuseListAnswer> CombineAsync(Task<RedisResult>[] answers)
    {
        await Task.WhenAll(answers).ConfigureAwait(false);
        var notLoaded = false;
        foreach (var answer in answers)
        {
            var value = (long)answer.Result;
            if (value == 1)
            {
                return RefuseListAnswer.Listed;
            }

            notLoaded |= value < 0;
        }

        return notLoaded ? RefuseListAnswer.NotLoaded : RefuseListAnswer.NotListed;
    }

    private async Task WriteAsync(IDatabase database, RedisKey loading, List<HashEntry> fields)
    {
        if (fields.Count == 0)
        {
            return;
        }

        var entries = fields.ToArray();
        await _gateway.ExecuteAsync(
            static async (database, state) =>
            {
                var batch = database.CreateBatch();
                var set = batch.HashSetAsync(state.loading, state.entries);
                var expire = batch.KeyExpireAsync(state.loading, TimeSpan.FromHours(1));
                batch.Execute();
                await set.ConfigureAwait(false);
                return await expire.ConfigureAwait(false);
            },
            (loading, entries),
            CancellationToken.None,
            loading).ConfigureAwait(false);
    }
}
