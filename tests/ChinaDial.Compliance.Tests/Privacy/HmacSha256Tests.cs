using System.Security.Cryptography;
using FsCheck;
using FsCheck.Fluent;

namespace ChinaDial.Compliance.Tests.Privacy;

/// <summary>
/// The cached HMAC contexts give exactly the bytes of the one-shot <see cref="HMACSHA256.HashData(byte[], byte[])"/>,
/// whatever the keys (empty, short, longer than SHA-256's 64-byte block), their order (more keys than a thread keeps,
/// so contexts are replaced and made again) and the threads: audit pseudonyms and store keys stay what they were.
/// </summary>
public class HmacSha256Tests
{
    [Fact]
    public void Any_sequence_of_keys_and_inputs_gives_the_one_shot_hmac()
    {
        var keys = Gen.Choose(0, 100).SelectMany(length => Gen.ArrayOf(ArbMap.Default.GeneratorFor<byte>(), length));
        var inputs = Gen.Choose(0, 40).SelectMany(length => Gen.ArrayOf(ArbMap.Default.GeneratorFor<byte>(), length));
        var steps = Gen.Choose(1, 30).SelectMany(count => Gen.ArrayOf(Gen.Zip(Gen.Choose(0, HmacSha256.KeysPerThread + 2), inputs), count));

        var property = Prop.ForAll(Gen.ArrayOf(keys, HmacSha256.KeysPerThread + 3).ToArbitrary(), steps.ToArbitrary(), (pool, sequence) =>
        {
            var mac = new byte[32];
            foreach (var (k, input) in sequence)
            {
                HmacSha256.Compute(pool[k], input, mac);
                if (!mac.AsSpan().SequenceEqual(HMACSHA256.HashData(pool[k], input)))
                {
                    return false;
                }
            }

            return true;
        });

        Check.One(Config.QuickThrowOnFailure.WithMaxTest(1_000), property);
    }

    [Fact]
    public void Threads_hashing_under_the_same_keys_at_once_each_get_the_one_shot_hmac()
    {
        byte[][] keys = [.. Enumerable.Range(1, 3).Select(i => Enumerable.Repeat((byte)i, 16 * i).ToArray())];
        var wrong = 0;

        Parallel.For(0, 8, _ =>
        {
            var mac = new byte[32];
            for (var i = 0; i < 5_000; i++)
            {
                var key = keys[i % keys.Length];
                var input = BitConverter.GetBytes((ulong)i);
                HmacSha256.Compute(key, input, mac);
                if (!mac.AsSpan().SequenceEqual(HMACSHA256.HashData(key, input)))
                {
                    Interlocked.Increment(ref wrong);
                }
            }
        });

        Assert.Equal(0, wrong);
    }

    [Fact]
    public void A_numbers_pseudonym_and_store_key_are_the_documented_hmacs()
    {
        var pepper = "a pepper of at least sixteen bytes"u8.ToArray();
        var number = PhoneNumberClassifier.Classify(TestNumbers.CnMobile);
        var key = new byte[8];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(key, number.Key);
        var expected = HMACSHA256.HashData(pepper, key);

        Assert.Equal(Convert.ToHexStringLower(expected[..16]), new NumberPseudonymizer(pepper).Hash(number));
        Assert.Equal(System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(expected), KeyedNumberHash.Of(pepper, number.Key));
    }
}
