using System;
using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using StackExchange.Redis;

namespace ChinaDial.Compliance.Redis;

/// <summary>
/// The names of every key the adapter writes. A phone number appears only as a keyed hash (HMAC-SHA256 with
/// <see cref="RedisComplianceOptions.KeySecret"/>, 128 bits, base64url), inside braces: the Redis Cluster hash tag, so
/// every key of one subject lands in one slot and one script can touch them all.
/// </summary>
internal sealed class RedisKeyspace
{
    private const int CachedCallerIds = 65_536;
    private readonly byte[] _secret;
    private readonly string _prefix;
    private readonly ConcurrentDictionary<ulong, string> _callerIdTags = new();
    private readonly ConcurrentDictionary<ulong, RedisKey[]> _callerIdRateFields = new();

    public RedisKeyspace(string prefix, string secret)
    {
        _prefix = prefix;
        _secret = Encoding.UTF8.GetBytes(secret);
    }

    /// <summary>The hash holding the caller-ID sliding logs of one Redis Cluster hash slot (-1: every caller ID, on a
    /// server that is not a cluster), one field per caller ID (see <see cref="CallerIdRateFields"/>). The hash tag of a
    /// slot's hash is a short string of that slot (<see cref="ClusterSlots.Tag"/>).</summary>
    public RedisKey CallerIdRateHash(int slot) => slot < 0 ? $"{_prefix}:rate" : $"{_prefix}:rate:{{{ClusterSlots.Tag(slot)}}}";

    /// <summary>The caller ID's field in its slot's rate hash (its keyed hash), as the one "key" of a decision, kept
    /// per caller ID (up to 65,536) like the tags, so that a decision neither formats it nor allocates the array.
    /// Shared: never written to.</summary>
    public RedisKey[] CallerIdRateFields(ulong callerId)
    {
        if (_callerIdRateFields.TryGetValue(callerId, out var fields))
        {
            return fields;
        }

        fields = [CallerIdTag(callerId)];
        if (_callerIdRateFields.Count < CachedCallerIds)
        {
            _callerIdRateFields.TryAdd(callerId, fields);
        }

        return fields;
    }

    /// <summary>The callee's sliding log and the caller-ID/callee pair's, in the callee's slot.</summary>
    public (RedisKey Callee, RedisKey Pair) DestinationFrequency(ulong callerId, ulong callee)
    {
        var tag = Tag(callee);
        return ($"{_prefix}:freq:{{{tag}}}", $"{_prefix}:freq:{{{tag}}}:{CallerIdTag(callerId)}");
    }

    /// <summary>The callee's consents and opt-outs.</summary>
    public RedisKey Consent(ulong callee) => $"{_prefix}:consent:{{{Tag(callee)}}}";

    /// <summary>A <c>SCAN</c> pattern matching every callee's consents (the prefix's glob characters escaped).</summary>
    public RedisValue ConsentPattern => $"{Escape(_prefix)}:consent:*";

    /// <summary>A <c>SCAN</c> pattern matching a callee's destination frequency logs (its own and its pairs').</summary>
    public RedisValue DestinationFrequencyPattern(ulong callee) => $"{Escape(_prefix)}:freq:{{{Tag(callee)}}}*";

    /// <summary>A refuse list (its name, checked by the options, is its hash tag).</summary>
    public RedisKey RefuseList(string name) => $"{_prefix}:refuse:{{{name}}}";

    /// <summary>A refuse list being imported, beside the one in use (same hash slot).</summary>
    public RedisKey RefuseListLoading(string name, Guid import) => $"{_prefix}:refuse:{{{name}}}:loading:{import:N}";

    /// <summary>The mark of the hour's retention sweep: the node that sets it sweeps.</summary>
    public RedisKey RetentionSweepMark => $"{_prefix}:retention-sweep";

    /// <summary>The callee's pending click-to-dial callback.</summary>
    public RedisKey PendingCallback(ulong callee) => $"{_prefix}:callback:{{{Tag(callee)}}}";

    /// <summary>The caller ID's outcome counters for one minute (Unix minutes).</summary>
    public RedisKey Health(ulong callerId, long minute) => $"{_prefix}:health:{{{CallerIdTag(callerId)}}}:{minute}";

    /// <summary>A click-to-dial request counter: <paramref name="kind"/> <c>a</c> (address), <c>n</c> (narrow
    /// network), <c>w</c> (wide network) or <c>d</c> (destination number), named by the keyed hash of its subject. Every
    /// counter has the hash tag <c>{c2d}</c>: one script counts a request's keys together, on Redis Cluster too.</summary>
    public RedisKey ClickToDial(char kind, string tag) => $"{_prefix}:c2d:{{c2d}}:{kind}:{tag}";

    /// <summary>The stream of placed calls' outcomes every node's health monitor reads (see
    /// <see cref="RedisOutcomeFeed"/>).</summary>
    public RedisKey Outcomes => $"{_prefix}:outcomes";

    /// <summary>The secret of the keyed hashes (the health monitors' callee keys, see
    /// <see cref="CallerIdHealthMonitor.KeyCalleesWith"/>).</summary>
    public ReadOnlySpan<byte> Secret => _secret;

    /// <summary>A callee as the health monitors of the fleet count it: 64 bits of its keyed hash.</summary>
    public ulong CalleeKey(ulong number)
        => KeyedNumberHash.Of(_secret, number);

    /// <summary>The key of an E.164 number given by a caller.</summary>
    /// <exception cref="ArgumentException">The number is not a parseable E.164 number.</exception>
    public static ulong Number(string number)
    {
        var parsed = PhoneNumberClassifier.Classify(number);
        return parsed.IsParsed ? parsed.Key : throw new ArgumentException("Not an E.164 number (e.g. +8613800138000).", nameof(number));
    }

    /// <summary>The keyed hash of a number: 22 base64url characters.</summary>
    public string Tag(ulong number)
    {
        Span<byte> input = stackalloc byte[sizeof(ulong)];
        BinaryPrimitives.WriteUInt64BigEndian(input, number);
        return Tag(input);
    }

    /// <summary>The keyed hash of <paramref name="subject"/> (an address's 16 bytes, a number's 8): 22 base64url
    /// characters.</summary>
    public string Tag(ReadOnlySpan<byte> subject)
    {
        Span<byte> hash = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(_secret, subject, hash);
        return Convert.ToBase64String(hash[..16]).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    /// <summary><paramref name="text"/> with the glob characters of <c>SCAN MATCH</c> escaped.</summary>
    private static string Escape(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (c is '*' or '?' or '[' or ']' or '\\')
            {
                builder.Append('\\');
            }

            builder.Append(c);
        }

        return builder.ToString();
    }

    /// <summary>Caller IDs are few and asked for on every call: their tags are kept (up to 65,536).</summary>
    private string CallerIdTag(ulong callerId)
    {
        if (_callerIdTags.TryGetValue(callerId, out var tag))
        {
            return tag;
        }

        tag = Tag(callerId);
        if (_callerIdTags.Count < CachedCallerIds)
        {
            _callerIdTags.TryAdd(callerId, tag);
        }

        return tag;
    }
}
