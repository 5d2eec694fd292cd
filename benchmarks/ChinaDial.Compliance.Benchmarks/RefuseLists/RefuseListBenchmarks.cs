using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using BenchmarkDotNet.Attributes;

namespace ChinaDial.Compliance.Benchmarks.RefuseLists;

/// <summary>
/// Membership of a carrier refuse-call list of 10,000,000 numbers: the SDK's <see cref="InMemoryRefuseLists"/>
/// (imported from a file's text through the real reader, 64-bit keyed hashes in a sorted table) against the
/// <see cref="HashSet{T}"/> of the numbers' E.164 strings a team would otherwise keep. Looked up: 4,096 numbers on the
/// list, or 4,096 numbers of the same range that are not, in rotation. The SDK's row includes the keyed hash
/// (HMAC-SHA256) of the callee that it computes for every call; <c>Keyed_hash_only</c> shows that share and
/// <c>Table_contains_hashed</c> the table's look-up alone.
/// Memory per entry is printed by the set-up and by <c>-- refuse-list-memory</c> (see <see cref="RefuseListMemory"/>).
/// </summary>
[MemoryDiagnoser]
public class RefuseListBenchmarks
{
    private const int Lookups = 4096;
    private const string ListName = "carrier-refuse-call";

    private readonly string[] _texts = new string[Lookups];
    private readonly PhoneNumberInfo[] _infos = new PhoneNumberInfo[Lookups];
    private HashSet<string> _set = null!;
    private InMemoryRefuseLists _lists = null!;
    private RefuseListTable _table = null!;
    private readonly ulong[] _hashes = new ulong[Lookups];

    /// <summary>Whether the numbers looked up are on the list.</summary>
    [Params(true, false)]
    public bool Members { get; set; }

    [GlobalSetup(Target = nameof(HashSet_contains))]
    public void SetupHashSet()
    {
        FillLookups();
        (_set, var bytes) = RefuseListMemory.BuildHashSet(RefuseListMemory.Entries);
        Console.WriteLine($"// HashSet<string>: {RefuseListMemory.Entries:N0} entries, {bytes:N0} B retained, {(double)bytes / RefuseListMemory.Entries:F1} B per entry");
    }

    [GlobalSetup(Targets = [nameof(Refuse_lists_check), nameof(Keyed_hash_only)])]
    public void SetupRefuseLists()
    {
        FillLookups();
        (_lists, var bytes) = RefuseListMemory.BuildRefuseLists(RefuseListMemory.Entries);
        Console.WriteLine($"// InMemoryRefuseLists: {_lists.CountOf(ListName):N0} entries, {bytes:N0} B retained ({_lists.BytesOf(ListName):N0} B table), {(double)bytes / RefuseListMemory.Entries:F1} B per entry");
    }

    [GlobalSetup(Target = nameof(Table_contains_hashed))]
    public void SetupTable()
    {
        FillLookups();
        var lists = new InMemoryRefuseLists(new RefuseListOptions { Lists = { [ListName] = [CallPurpose.Marketing] } });
        var hashes = new ulong[RefuseListMemory.Entries];
        System.Threading.Tasks.Parallel.For(0, hashes.Length, i => hashes[i] = lists.Hash(PhoneNumberClassifier.Classify(RefuseListMemory.Member(i)).Key));
        _table = new RefuseListTable(hashes, hashes.Length);
        for (var i = 0; i < Lookups; i++)
        {
            _hashes[i] = lists.Hash(_infos[i].Key);
        }
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Lookups)]
    public int HashSet_contains()
    {
        var found = 0;
        var texts = _texts;
        for (var i = 0; i < texts.Length; i++)
        {
            found += _set.Contains(texts[i]) ? 1 : 0;
        }

        return found;
    }

    [Benchmark(OperationsPerInvoke = Lookups)]
    public int Refuse_lists_check()
    {
        var found = 0;
        var infos = _infos;
        for (var i = 0; i < infos.Length; i++)
        {
            found += _lists.Check(infos[i], CallPurpose.Marketing) == RefuseListAnswer.Listed ? 1 : 0;
        }

        return found;
    }

    /// <summary>The table's own look-up, the callee's keyed hash already computed.</summary>
    [Benchmark(OperationsPerInvoke = Lookups)]
    public int Table_contains_hashed()
    {
        var found = 0;
        var hashes = _hashes;
        for (var i = 0; i < hashes.Length; i++)
        {
            found += _table.Contains(hashes[i]) ? 1 : 0;
        }

        return found;
    }

    [Benchmark(OperationsPerInvoke = Lookups)]
    public ulong Keyed_hash_only()
    {
        var sum = 0UL;
        var infos = _infos;
        for (var i = 0; i < infos.Length; i++)
        {
            sum += _lists.Hash(infos[i].Key);
        }

        return sum;
    }

    private void FillLookups()
    {
        // Spread over the whole list, so that lookups miss the caches as a dialer's callees would.
        for (var i = 0; i < Lookups; i++)
        {
            var entry = (int)((long)i * RefuseListMemory.Entries / Lookups);
            _texts[i] = Members ? RefuseListMemory.Member(entry) : RefuseListMemory.NonMember(entry);
            _infos[i] = PhoneNumberClassifier.Classify(_texts[i]);
        }
    }
}

/// <summary>
/// Builds the refuse lists the benchmark uses and measures what each structure retains
/// (<see cref="GC.GetTotalMemory(bool)"/> after a full collection, before and after building; the input text is
/// dropped before the second reading). Run alone with <c>dotnet run -c Release -- refuse-list-memory</c>.
/// </summary>
public static class RefuseListMemory
{
    /// <summary>The numbers on the list.</summary>
    public const int Entries = 10_000_000;

    /// <summary>Entry <paramref name="i"/> of the list: +86 130 mobile numbers, one in each block of ten, at a
    /// scrambled offset 0-4 (deterministic).</summary>
    public static string Member(int i) => "+86" + (13_000_000_000L + (i * 10L) + Offset(i)).ToString(CultureInfo.InvariantCulture);

    /// <summary>A number of the same block as entry <paramref name="i"/> that is not on the list (offset 5-9).</summary>
    public static string NonMember(int i) => "+86" + (13_000_000_000L + (i * 10L) + 5 + Offset(i)).ToString(CultureInfo.InvariantCulture);

    /// <summary>Prints the bytes per entry of both structures.</summary>
    public static void Print()
    {
        var (lists, listBytes) = BuildRefuseLists(Entries);
        Console.WriteLine($"InMemoryRefuseLists: {lists.CountOf("carrier-refuse-call"):N0} entries, {listBytes:N0} B retained, {(double)listBytes / Entries:F2} B per entry (table: {lists.BytesOf("carrier-refuse-call"):N0} B)");
        GC.KeepAlive(lists);
        lists = null!;
        var (set, setBytes) = BuildHashSet(Entries);
        Console.WriteLine($"HashSet<string>: {set.Count:N0} entries, {setBytes:N0} B retained, {(double)setBytes / Entries:F2} B per entry");
        GC.KeepAlive(set);
    }

    /// <summary>Builds the set of the list's E.164 strings; returns it and the bytes it retains (strings included).</summary>
    public static (HashSet<string> Set, long Bytes) BuildHashSet(int entries)
    {
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var set = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < entries; i++)
        {
            set.Add(Member(i));
        }

        set.TrimExcess();
        var after = GC.GetTotalMemory(forceFullCollection: true);
        return (set, after - before);
    }

    /// <summary>Imports the list's text (one number a line) into new <see cref="InMemoryRefuseLists"/>; returns them and
    /// the bytes they retain.</summary>
    public static (InMemoryRefuseLists Lists, long Bytes) BuildRefuseLists(int entries)
    {
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var lists = new InMemoryRefuseLists(new RefuseListOptions { Lists = { ["carrier-refuse-call"] = [CallPurpose.Marketing] } });
        using (var text = new MemoryStream())
        {
            using (var writer = new StreamWriter(text, new UTF8Encoding(false), 1 << 16, leaveOpen: true))
            {
                for (var i = 0; i < entries; i++)
                {
                    writer.Write(Member(i));
                    writer.Write('\n');
                }
            }

            text.Position = 0;
            lists.ImportAsync("carrier-refuse-call", text).GetAwaiter().GetResult();
        }

        var after = GC.GetTotalMemory(forceFullCollection: true);
        return (lists, after - before);
    }

    private static int Offset(int i) => (int)(((uint)i * 2_654_435_761u) >> 29) % 5;
}
