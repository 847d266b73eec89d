using System.Buffers.Binary;
using System.Numerics;
using System.Security.Cryptography;

namespace Meeting.WebRtc.Srtp;

/// <summary>AES in counter mode (the SRTP "AES-CM" cipher) over one session key: the keystream
/// block j is AES(key, IV + j), XORed onto the data in place.</summary>
/// <remarks>RFC 3711 §4.1.1. Keeps one ECB transform and two scratch buffers for its lifetime, so a
/// packet costs no allocation; therefore not thread-safe.</remarks>
internal sealed class AesCounterMode : IDisposable
{
    public const int BlockSize = 16;

    // 96 blocks per ECB call: any payload of a 1500-byte datagram is one call.
    private const int ChunkBlocks = 96;
    private const int ChunkBytes = ChunkBlocks * BlockSize;

    private readonly Aes _aes;
    private readonly ICryptoTransform _ecb;
    private readonly byte[] _counters = new byte[ChunkBytes];
    private readonly byte[] _keystream = new byte[ChunkBytes];

    public AesCounterMode(ReadOnlySpan<byte> key)
    {
        _aes = Aes.Create();
        byte[] copy = key.ToArray();
        _aes.Key = copy;
        CryptographicOperations.ZeroMemory(copy);
        _aes.Mode = CipherMode.ECB;
        _aes.Padding = PaddingMode.None;
        // The one-shot EncryptEcb allocates on every call; a reused transform does not.
        _ecb = _aes.CreateEncryptor();
    }

    /// <summary>XORs the keystream that starts at counter <paramref name="iv"/> onto <paramref name="data"/>.</summary>
    public void Transform(ReadOnlySpan<byte> iv, Span<byte> data)
    {
        ulong block = 0;
        while (!data.IsEmpty)
        {
            int length = Math.Min(data.Length, ChunkBytes);
            int blocks = (length + BlockSize - 1) / BlockSize;
            int bytes = blocks * BlockSize;
            FillCounters(iv, block, _counters.AsSpan(0, bytes));
            _ecb.TransformBlock(_counters, 0, bytes, _keystream, 0);
            Xor(data[..length], _keystream.AsSpan(0, length));
            data = data[length..];
            block += (ulong)blocks;
        }
    }

    /// <summary>Writes the keystream itself (the transform of zeros): what RFC 3711 B.2 lists.</summary>
    public void GenerateKeystream(ReadOnlySpan<byte> iv, Span<byte> output)
    {
        output.Clear();
        Transform(iv, output);
    }

    /// <summary>Writes the counter blocks IV + first, IV + first + 1, … (128-bit big-endian addition).</summary>
    public static void FillCounters(ReadOnlySpan<byte> iv, ulong first, Span<byte> counters)
    {
        ulong high = BinaryPrimitives.ReadUInt64BigEndian(iv);
        ulong low = BinaryPrimitives.ReadUInt64BigEndian(iv[8..]);
        ulong start = low + first;
        if (start < low)
        {
            high++;
        }

        for (int offset = 0; offset < counters.Length; offset += BlockSize)
        {
            BinaryPrimitives.WriteUInt64BigEndian(counters[offset..], high);
            BinaryPrimitives.WriteUInt64BigEndian(counters[(offset + 8)..], start);
            start++;
            if (start == 0)
            {
                high++;
            }
        }
    }

    private static void Xor(Span<byte> data, ReadOnlySpan<byte> keystream)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            for (; i + Vector<byte>.Count <= data.Length; i += Vector<byte>.Count)
            {
                (new Vector<byte>(data[i..]) ^ new Vector<byte>(keystream[i..])).CopyTo(data[i..]);
            }
        }

        for (; i < data.Length; i++)
        {
            data[i] ^= keystream[i];
        }
    }

    public void Dispose()
    {
        _ecb.Dispose();
        _aes.Dispose();
        CryptographicOperations.ZeroMemory(_keystream);
    }
}
