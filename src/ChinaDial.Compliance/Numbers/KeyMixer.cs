namespace ChinaDial.Compliance;

/// <summary>Spreads a number's <see cref="PhoneNumberInfo.Key"/> over all 64 bits (MurmurHash3's fmix64), for hash
/// slots and home positions that must not follow the numbering plan's structure.</summary>
public static class KeyMixer
{
    /// <summary>Mixes <paramref name="key"/>: a bijection on 64-bit values, so distinct keys stay distinct.</summary>
    /// <param name="key">A key, e.g. a <see cref="PhoneNumberInfo.Key"/>.</param>
    /// <returns>The mixed key.</returns>
    public static ulong Mix(ulong key)
    {
        key ^= key >> 33;
        key *= 0xff51afd7ed558ccdUL;
        key ^= key >> 33;
        key *= 0xc4ceb9fe1a85ec53UL;
        return key ^ (key >> 33);
    }
}
