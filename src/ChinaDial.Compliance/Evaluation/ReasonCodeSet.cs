using System;
using System.Collections;
using System.Collections.Generic;
using System.Numerics;
using System.Text;
using System.Text.Json.Serialization;

namespace ChinaDial.Compliance;

/// <summary>
/// An immutable set of <see cref="ReasonCode"/> values, stored as bits: building, combining and
/// enumerating it never allocates. Enumerates in ascending code order; serialises as a JSON array of names.
/// </summary>
[JsonConverter(typeof(ReasonCodeSetJsonConverter))]
public readonly struct ReasonCodeSet : IEquatable<ReasonCodeSet>, IReadOnlyCollection<ReasonCode>
{
    private readonly uint _bits;

    private ReasonCodeSet(uint bits) => _bits = bits;

    /// <summary>The empty set.</summary>
    public static ReasonCodeSet Empty => default;

    /// <summary>Creates a set holding one code (<see cref="ReasonCode.None"/> gives the empty set).</summary>
    public static ReasonCodeSet Of(ReasonCode code) => Empty.Add(code);

    /// <summary>Creates a set holding the given codes.</summary>
    public static ReasonCodeSet Of(params ReadOnlySpan<ReasonCode> codes)
    {
        var set = Empty;
        foreach (var code in codes)
        {
            set = set.Add(code);
        }

        return set;
    }

    /// <summary>Whether the set is empty.</summary>
    public bool IsEmpty => _bits == 0;

    /// <summary>The number of codes in the set.</summary>
    public int Count => BitOperations.PopCount(_bits);

    /// <summary>Whether <paramref name="code"/> is in the set.</summary>
    public bool Contains(ReasonCode code) => code != ReasonCode.None && (_bits & Bit(code)) != 0;

    /// <summary>Returns this set with <paramref name="code"/> added (<see cref="ReasonCode.None"/> is ignored).</summary>
    public ReasonCodeSet Add(ReasonCode code) => code == ReasonCode.None ? this : new ReasonCodeSet(_bits | Bit(code));

    /// <summary>Returns the union of this set and <paramref name="other"/>.</summary>
    public ReasonCodeSet Union(ReasonCodeSet other) => new(_bits | other._bits);

    /// <summary>Returns a struct enumerator over the codes in ascending order.</summary>
    public Enumerator GetEnumerator() => new(_bits);

    IEnumerator<ReasonCode> IEnumerable<ReasonCode>.GetEnumerator() => GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <inheritdoc />
    public bool Equals(ReasonCodeSet other) => _bits == other._bits;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is ReasonCodeSet other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => (int)_bits;

    /// <summary>The codes' JSON names, comma separated, e.g. <c>no_consent,opted_out</c>.</summary>
    public override string ToString()
    {
        var builder = new StringBuilder();
        foreach (var code in this)
        {
            if (builder.Length > 0)
            {
                builder.Append(',');
            }

            builder.Append(code.ToJsonName());
        }

        return builder.ToString();
    }

    /// <summary>Equality of two sets.</summary>
    public static bool operator ==(ReasonCodeSet left, ReasonCodeSet right) => left.Equals(right);

    /// <summary>Inequality of two sets.</summary>
    public static bool operator !=(ReasonCodeSet left, ReasonCodeSet right) => !left.Equals(right);

    private static uint Bit(ReasonCode code)
    {
        var index = (int)code;
        if (!ReasonCodeNames.IsDefined(index))
        {
            throw new ArgumentOutOfRangeException(nameof(code), code, "Not a defined reason code.");
        }

        return 1u << index;
    }

    /// <summary>Enumerates the codes of a <see cref="ReasonCodeSet"/> without allocating.</summary>
    public struct Enumerator : IEnumerator<ReasonCode>
    {
        private uint _remaining;

        internal Enumerator(uint bits)
        {
            _remaining = bits;
            Current = ReasonCode.None;
        }

        /// <inheritdoc />
        public ReasonCode Current { get; private set; }

        readonly object IEnumerator.Current => Current;

        /// <inheritdoc />
        public bool MoveNext()
        {
            if (_remaining == 0)
            {
                return false;
            }

            var index = BitOperations.TrailingZeroCount(_remaining);
            _remaining &= _remaining - 1;
            Current = (ReasonCode)index;
            return true;
        }

        /// <summary>Not supported: enumerate a new enumerator instead.</summary>
        public readonly void Reset() => throw new NotSupportedException();

        /// <inheritdoc />
        public readonly void Dispose()
        {
        }
    }
}
