using System;
using System.Collections.Generic;
using System.Linq;
using PhoneNumbers;

namespace ChinaDial.Compliance.NumberPlanGenerator;

/// <summary>
/// Compiles libphonenumber's metadata into one minimal, layered DFA over national-number digits per country calling
/// code. A state reached after d digits carries the answer for a national number of those d digits: region, kind,
/// validity, diallable from abroad, CN short code — computed exactly as libphonenumber's <c>GetRegionCodeForNumber</c>,
/// <c>GetNumberType</c>, <c>IsValidNumber</c> and <c>CanBeInternationallyDialled</c> do, from which of the metadata's
/// patterns match.
/// </summary>
internal sealed class NumberPlanBuilder
{
    /// <summary>The longest national number libphonenumber parses.</summary>
    public const int MaxDigits = 17;

    public const string NonGeographic = "001";

    private static readonly (string Name, Func<PhoneMetadata, PhoneNumberDesc> Desc)[] Descs =
    [
        ("general", m => m.GeneralDesc),
        ("premium", m => m.PremiumRate),
        ("tollFree", m => m.TollFree),
        ("sharedCost", m => m.SharedCost),
        ("voip", m => m.Voip),
        ("personal", m => m.PersonalNumber),
        ("pager", m => m.Pager),
        ("uan", m => m.Uan),
        ("voicemail", m => m.Voicemail),
        ("fixedLine", m => m.FixedLine),
        ("mobile", m => m.Mobile),
        ("noInternationalDialling", m => m.NoInternationalDialling),
    ];

    private static readonly int[] TypeOrder = [1, 2, 3, 4, 5, 6, 7, 8]; // premium .. voicemail, in GetNumberTypeHelper's order

    private static readonly int[] KindOfDesc = [0, 5, 4, 6, 7, 8, 9, 10, 11]; // PhoneNumberKind values for Descs[0..8]

    private readonly PhoneNumberUtil _util = PhoneNumberUtil.GetInstance();

    public NumberPlanBuilder()
    {
        var regions = _util.GetSupportedRegions().OrderBy(r => r, StringComparer.Ordinal).ToList();
        regions.Insert(0, NonGeographic);
        RegionCodes = regions;
        CountryCodes = _util.GetSupportedCallingCodes().OrderBy(c => c).ToList();
    }

    public IReadOnlyList<string> RegionCodes { get; }

    public IReadOnlyList<int> CountryCodes { get; }

    /// <summary>The states of every country code's DFA, state 0 the shared dead state.</summary>
    public List<int[]> Transitions { get; } = [new int[10]];

    public List<int> Labels { get; } = [0];

    /// <summary>Country code → (root state, label of a number that matches nothing).</summary>
    public SortedDictionary<int, (int Root, int DeadLabel)> Roots { get; } = [];

    public void Build()
    {
        foreach (var countryCode in CountryCodes)
        {
            BuildCountryCode(countryCode);
        }
    }

    private void BuildCountryCode(int countryCode)
    {
        var regionCodes = _util.GetRegionCodesForCountryCode(countryCode).ToList();
        var nonGeographic = regionCodes.Count == 1 && regionCodes[0] == NonGeographic;
        var regions = regionCodes.Select(r => (Code: r, Metadata: nonGeographic ? _util.GetMetadataForNonGeographicalRegion(countryCode) : _util.GetMetadataForRegion(r))).ToList();

        var nfa = new DigitNfa();
        var starts = new List<int>();
        var patterns = new List<Pattern>();
        int AddPattern(string regex, Pattern pattern)
        {
            patterns.Add(pattern);
            starts.Add(nfa.Add(regex, patterns.Count - 1));
            return patterns.Count - 1;
        }

        // patternIds[region][desc] = id, or -1 when the desc has no pattern.
        var patternIds = new int[regions.Count][];
        var leadingDigits = new int[regions.Count];
        for (var r = 0; r < regions.Count; r++)
        {
            patternIds[r] = new int[Descs.Length];
            for (var d = 0; d < Descs.Length; d++)
            {
                var desc = Descs[d].Desc(regions[r].Metadata);
                patternIds[r][d] = string.IsNullOrEmpty(desc?.NationalNumberPattern) ? -1 : AddPattern(desc.NationalNumberPattern, new Pattern(r, d));
            }

            var metadata = regions[r].Metadata;
            leadingDigits[r] = regions.Count > 1 && metadata.HasLeadingDigits && !string.IsNullOrEmpty(metadata.LeadingDigits)
                ? AddPattern($"(?:{metadata.LeadingDigits})[0-9]*", new Pattern(r, -1))
                : -1;
        }

        // CN service short codes: libphonenumber's short-number metadata (general desc and short-code desc).
        int shortGeneral = -1, shortCode = -1;
        PhoneNumberDesc? shortGeneralDesc = null, shortCodeDesc = null;
        if (countryCode == 86)
        {
            var shortMetadata = ShortNumberMetadata("CN");
            shortGeneralDesc = shortMetadata.GeneralDesc;
            shortCodeDesc = shortMetadata.ShortCode;
            shortGeneral = AddPattern(shortGeneralDesc.NationalNumberPattern, new Pattern(-1, -2));
            shortCode = AddPattern(shortCodeDesc.NationalNumberPattern, new Pattern(-1, -3));
        }

        nfa.Freeze();

        int LabelFor(HashSet<int> matched, int length)
        {
            bool Matches(int r, int d)
            {
                var id = patternIds[r][d];
                if (id < 0 || !matched.Contains(id))
                {
                    return false;
                }

                var lengths = Descs[d].Desc(regions[r].Metadata).PossibleLengthList;
                return lengths.Count == 0 || lengths.Contains(length);
            }

            int TypeOf(int r)
            {
                if (!Matches(r, 0))
                {
                    return 0;
                }

                foreach (var d in TypeOrder)
                {
                    if (Matches(r, d))
                    {
                        return KindOfDesc[d];
                    }
                }

                var same = regions[r].Metadata.SameMobileAndFixedLinePattern;
                if (Matches(r, 9))
                {
                    return same || Matches(r, 10) ? 3 : 1;
                }

                return !same && Matches(r, 10) ? 2 : 0;
            }

            var region = -1;
            if (regions.Count == 1)
            {
                region = 0;
            }
            else
            {
                for (var r = 0; r < regions.Count && region < 0; r++)
                {
                    if (leadingDigits[r] >= 0)
                    {
                        if (matched.Contains(leadingDigits[r]))
                        {
                            region = r;
                        }
                    }
                    else if (TypeOf(r) != 0)
                    {
                        region = r;
                    }
                }
            }

            var kind = region < 0 ? 0 : TypeOf(region);
            var valid = kind != 0 && length >= 2;
            var diallable = nonGeographic || region < 0 || !Matches(region, 11);
            var isShort = false;
            if (!valid && shortGeneral >= 0 && matched.Contains(shortGeneral) && matched.Contains(shortCode)
                && (shortGeneralDesc!.PossibleLengthList.Count == 0 || shortGeneralDesc.PossibleLengthList.Contains(length))
                && (shortCodeDesc!.PossibleLengthList.Count == 0 || shortCodeDesc.PossibleLengthList.Contains(length)))
            {
                isShort = true;
                kind = 12;
            }

            var regionIndex = region < 0 ? -1 : RegionIndex(regions[region].Code);
            return Pack(regionIndex, valid ? kind : (isShort ? 12 : 0), valid, diallable, isShort);
        }

        // Layered subset construction: a DFA state is (depth, set of NFA states).
        var layerSets = new List<List<int[]>> { new() { Closure(nfa, starts) } };
        var localTransitions = new List<int[][]>();
        var localLabels = new List<int[]>();
        for (var depth = 0; depth <= MaxDigits; depth++)
        {
            var sets = layerSets[depth];
            var transitions = new int[sets.Count][];
            var labels = new int[sets.Count];
            var nextIds = new Dictionary<SetKey, int>();
            var nextSets = new List<int[]>();
            for (var s = 0; s < sets.Count; s++)
            {
                var matched = new HashSet<int>();
                foreach (var state in sets[s])
                {
                    if (nfa.Accepts[state] >= 0)
                    {
                        matched.Add(nfa.Accepts[state]);
                    }
                }

                labels[s] = LabelFor(matched, depth);
                transitions[s] = new int[10];
                if (depth == MaxDigits)
                {
                    Array.Fill(transitions[s], -1);
                    continue;
                }

                for (var digit = 0; digit < 10; digit++)
                {
                    var moved = new List<int>();
                    foreach (var state in sets[s])
                    {
                        var (mask, target) = nfa.Moves[state];
                        if ((mask & (1 << digit)) != 0)
                        {
                            moved.Add(target);
                        }
                    }

                    if (moved.Count == 0)
                    {
                        transitions[s][digit] = -1;
                        continue;
                    }

                    var next = Closure(nfa, moved);
                    var key = new SetKey(next);
                    if (!nextIds.TryGetValue(key, out var id))
                    {
                        id = nextSets.Count;
                        nextIds[key] = id;
                        nextSets.Add(next);
                    }

                    transitions[s][digit] = id;
                }
            }

            localTransitions.Add(transitions);
            localLabels.Add(labels);
            if (depth < MaxDigits)
            {
                layerSets.Add(nextSets);
            }
        }

        // Minimise bottom-up: states with the same label and the same successors are one state.
        var deadLabel = Pack(regions.Count == 1 ? RegionIndex(regions[0].Code) : -1, 0, false, true, false);
        var canonical = new Dictionary<string, int>(StringComparer.Ordinal);
        int[]? below = null;
        for (var depth = MaxDigits; depth >= 0; depth--)
        {
            var transitions = localTransitions[depth];
            var labels = localLabels[depth];
            var global = new int[transitions.Length];
            for (var s = 0; s < transitions.Length; s++)
            {
                var row = new int[10];
                for (var digit = 0; digit < 10; digit++)
                {
                    row[digit] = transitions[s][digit] < 0 ? 0 : below![transitions[s][digit]];
                }

                if (labels[s] == deadLabel && row.All(t => t == 0))
                {
                    global[s] = 0;
                    continue;
                }

                var signature = labels[s] + ":" + string.Join(',', row);
                if (!canonical.TryGetValue(signature, out var id))
                {
                    id = Transitions.Count;
                    Transitions.Add(row);
                    Labels.Add(labels[s]);
                    canonical[signature] = id;
                }

                global[s] = id;
            }

            below = global;
        }

        Roots[countryCode] = (below![0], deadLabel);
    }

    /// <summary>libphonenumber's short-number metadata of a region (its accessor is not public).</summary>
    public static PhoneMetadata ShortNumberMetadata(string region)
        => (PhoneMetadata)typeof(MetadataManager)
            .GetMethod("GetShortNumberMetadataForRegion", System.Reflection.BindingFlags.Static | System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.NonPublic)!
            .Invoke(null, [region])!;

    public int RegionIndex(string code)
    {
        for (var i = 0; i < RegionCodes.Count; i++)
        {
            if (RegionCodes[i] == code)
            {
                return i;
            }
        }

        throw new InvalidOperationException($"Unknown region {code}");
    }

    /// <summary>Packs a state's answer: region index + 1 (10 bits), kind (4), valid, not diallable, CN short code.</summary>
    public static int Pack(int regionIndex, int kind, bool valid, bool diallable, bool shortCode)
        => (regionIndex + 1) | (kind << 10) | (valid ? 1 << 14 : 0) | (diallable ? 0 : 1 << 15) | (shortCode ? 1 << 16 : 0);

    private static int[] Closure(DigitNfa nfa, IEnumerable<int> states)
    {
        var seen = new HashSet<int>();
        var stack = new Stack<int>(states);
        while (stack.Count > 0)
        {
            var state = stack.Pop();
            if (!seen.Add(state))
            {
                continue;
            }

            foreach (var next in nfa.Epsilon[state])
            {
                stack.Push(next);
            }
        }

        // Only states that move on a digit or accept matter for what follows.
        var relevant = seen.Where(s => nfa.Moves[s].Mask != 0 || nfa.Accepts[s] >= 0).ToArray();
        Array.Sort(relevant);
        return relevant;
    }

    private readonly record struct Pattern(int Region, int Desc);

    private readonly struct SetKey(int[] states) : IEquatable<SetKey>
    {
        private readonly int[] _states = states;
        private readonly int _hash = Hash(states);

        public bool Equals(SetKey other) => _states.AsSpan().SequenceEqual(other._states);

        public override bool Equals(object? obj) => obj is SetKey other && Equals(other);

        public override int GetHashCode() => _hash;

        private static int Hash(int[] states)
        {
            var hash = new HashCode();
            foreach (var s in states)
            {
                hash.Add(s);
            }

            return hash.ToHashCode();
        }
    }
}
