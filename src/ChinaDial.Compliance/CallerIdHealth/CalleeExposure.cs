namespace ChinaDial.Compliance;

/// <summary>
/// How many distinct caller IDs reached one callee on one day, in one <see cref="ulong"/>: the day (16 bits), the
/// count (8 bits) and 8-bit hashes of the first five caller IDs (so counting stops being exact past five, the
/// critical level; two caller IDs sharing a hash count once, a 1-in-256 undercount).
/// </summary>
internal static class CalleeExposure
{
    private const int Remembered = 5;

    /// <summary>The state after <paramref name="callerId"/> called on <paramref name="day"/>.</summary>
    public static ulong Record(ulong state, int day, ulong callerId)
    {
        var tag = (ulong)(ushort)day;
        var hash = (byte)(KeyMixer.Mix(callerId) | 1); // never 0: 0 marks an empty hash slot
        if (state >> 48 != tag)
        {
            return (tag << 48) | (1UL << 40) | hash;
        }

        var count = (int)((state >> 40) & 0xFF);
        for (var i = 0; i < System.Math.Min(count, Remembered); i++)
        {
            if ((byte)(state >> (8 * i)) == hash)
            {
                return state;
            }
        }

        var next = (state & ~(0xFFUL << 40)) | ((ulong)System.Math.Min(count + 1, 255) << 40);
        return count < Remembered ? next | ((ulong)hash << (8 * count)) : next;
    }

    /// <summary>The distinct caller IDs counted on <paramref name="day"/>.</summary>
    public static int Count(ulong state, int day) => state >> 48 == (ulong)(ushort)day ? (int)((state >> 40) & 0xFF) : 0;
}
