using System.Buffers.Binary;
using System.Numerics;

namespace NodeStorageAgent.Apply;

/// <summary>
/// SHA-256 (FIPS 180-4) in managed code, incrementally. The agent hashes a few KiB per pass to name a rendered
/// configuration; .NET's own SHA-256 on Linux loads OpenSSL (libcrypto and libssl, 3.8 MB of mappings), a quarter of
/// an idle daemon's memory (docs/benchmarks.md, "NativeAOT"). Tests check it against the platform's SHA-256.
/// </summary>
public sealed class Sha256
{
    private const int BlockBytes = 64;

    // The first 32 bits of the fractional parts of the cube roots of the first 64 primes (K) and of the square roots
    // of the first 8 (the initial state): FIPS 180-4 §4.2.2 and §5.3.3.
    private static readonly uint[] s_k = Fractions(64, Math.Cbrt);
    private static readonly uint[] s_initial = Fractions(8, Math.Sqrt);

    private readonly uint[] _state = (uint[])s_initial.Clone();
    private readonly byte[] _pending = new byte[BlockBytes];
    private int _pendingLength;
    private ulong _length;

    public static byte[] Hash(ReadOnlySpan<byte> data)
    {
        var sha = new Sha256();
        sha.Append(data);
        return sha.Finish();
    }

    public void Append(ReadOnlySpan<byte> data)
    {
        _length += (ulong)data.Length;
        if (_pendingLength > 0)
        {
            var take = Math.Min(BlockBytes - _pendingLength, data.Length);
            data[..take].CopyTo(_pending.AsSpan(_pendingLength));
            _pendingLength += take;
            data = data[take..];
            if (_pendingLength < BlockBytes)
            {
                return;
            }

            Compress(_pending);
            _pendingLength = 0;
        }

        for (; data.Length >= BlockBytes; data = data[BlockBytes..])
        {
            Compress(data[..BlockBytes]);
        }

        data.CopyTo(_pending);
        _pendingLength = data.Length;
    }

    /// <summary>The digest of everything appended (32 bytes); the instance is spent afterwards.</summary>
    public byte[] Finish()
    {
        var bits = _length * 8;
        Span<byte> padding = stackalloc byte[2 * BlockBytes];
        var padLength = (_pendingLength < BlockBytes - 8 ? BlockBytes : 2 * BlockBytes) - _pendingLength;
        padding[..padLength].Clear();
        padding[0] = 0x80;
        BinaryPrimitives.WriteUInt64BigEndian(padding.Slice(padLength - 8, 8), bits);
        Append(padding[..padLength]);

        var digest = new byte[32];
        for (var i = 0; i < 8; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(digest.AsSpan(4 * i), _state[i]);
        }

        return digest;
    }

    private void Compress(ReadOnlySpan<byte> block)
    {
        Span<uint> w = stackalloc uint[64];
        for (var t = 0; t < 16; t++)
        {
            w[t] = BinaryPrimitives.ReadUInt32BigEndian(block.Slice(4 * t, 4));
        }

        for (var t = 16; t < 64; t++)
        {
            var s0 = BitOperations.RotateRight(w[t - 15], 7) ^ BitOperations.RotateRight(w[t - 15], 18) ^ (w[t - 15] >> 3);
            var s1 = BitOperations.RotateRight(w[t - 2], 17) ^ BitOperations.RotateRight(w[t - 2], 19) ^ (w[t - 2] >> 10);
            w[t] = w[t - 16] + s0 + w[t - 7] + s1;
        }

        uint a = _state[0], b = _state[1], c = _state[2], d = _state[3], e = _state[4], f = _state[5], g = _state[6], h = _state[7];
        for (var t = 0; t < 64; t++)
        {
            var sum1 = BitOperations.RotateRight(e, 6) ^ BitOperations.RotateRight(e, 11) ^ BitOperations.RotateRight(e, 25);
            var choose = (e & f) ^ (~e & g);
            var t1 = h + sum1 + choose + s_k[t] + w[t];
            var sum0 = BitOperations.RotateRight(a, 2) ^ BitOperations.RotateRight(a, 13) ^ BitOperations.RotateRight(a, 22);
            var majority = (a & b) ^ (a & c) ^ (b & c);
            var t2 = sum0 + majority;
            (h, g, f, e, d, c, b, a) = (g, f, e, d + t1, c, b, a, t1 + t2);
        }

        _state[0] += a;
        _state[1] += b;
        _state[2] += c;
        _state[3] += d;
        _state[4] += e;
        _state[5] += f;
        _state[6] += g;
        _state[7] += h;
    }

    private static uint[] Fractions(int count, Func<double, double> root)
    {
        var values = new uint[count];
        var found = 0;
        for (var candidate = 2; found < count; candidate++)
        {
            if (IsPrime(candidate))
            {
                var r = root(candidate);
                values[found++] = (uint)((r - Math.Floor(r)) * 4294967296.0);
            }
        }

        return values;
    }

    private static bool IsPrime(int n)
    {
        for (var d = 2; d * d <= n; d++)
        {
            if (n % d == 0)
            {
                return false;
            }
        }

        return true;
    }
}
