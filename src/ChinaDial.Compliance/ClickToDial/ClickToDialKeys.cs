using System;
using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace ChinaDial.Compliance;

/// <summary>The keys a click-to-dial request is counted under: its address, its narrow network (IPv4 /24, IPv6 /64)
/// and its wide network (IPv4 /16, IPv6 /48), each as 128 bits.</summary>
public static class ClickToDialKeys
{
    /// <summary>The keys of <paramref name="ip"/>. An IPv4 address (or an IPv4-mapped IPv6 one) is keyed as its
    /// IPv4-mapped IPv6 address, so the keys of the two families never meet.</summary>
    /// <param name="ip">The client's address.</param>
    /// <returns>The address, its narrow network and its wide network, each as 128 bits.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="ip"/> is <see langword="null"/>.</exception>
    public static (UInt128 Address, UInt128 Narrow, UInt128 Wide) Of(IPAddress ip)
    {
        ArgumentNullException.ThrowIfNull(ip);
        if (ip.IsIPv4MappedToIPv6)
        {
            ip = ip.MapToIPv4();
        }

        Span<byte> bytes = stackalloc byte[16];
        ip.TryWriteBytes(bytes, out var written);
        if (ip.AddressFamily == AddressFamily.InterNetwork)
        {
            // Keyed as its IPv4-mapped IPv6 address (::ffff:a.b.c.d): a real IPv6 key never lies in ::ffff:0:0/96
            // (such an address is mapped to IPv4 above), and a /64 or /48 key has its low 64 bits clear.
            var v4 = (uint)(bytes[0] << 24 | bytes[1] << 16 | bytes[2] << 8 | bytes[3]);
            UInt128 mapped = (UInt128)0xFFFFu << 32;
            return (mapped | v4, mapped | (v4 & 0xFFFFFF00u), mapped | (v4 & 0xFFFF0000u));
        }

        var value = BinaryPrimitives.ReadUInt128BigEndian(bytes[..written]);
        var mask64 = UInt128.MaxValue << 64;
        var mask48 = UInt128.MaxValue << 80;
        return (value, value & mask64, value & mask48);
    }
}
