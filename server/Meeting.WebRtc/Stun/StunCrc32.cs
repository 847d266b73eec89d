namespace Meeting.WebRtc.Stun;

/// <summary>CRC-32 (ISO-HDLC: reflected polynomial 0xEDB88320, init and final XOR 0xFFFFFFFF), the
/// CRC the FINGERPRINT attribute uses. System.IO.Hashing is not referenced by this project, and a
/// 256-entry table is all it takes.</summary>
/// <remarks>RFC 8489 §14.7 (CRC-32 as in ITU V.42 / ISO 3309)</remarks>
internal sealed class StunCrc32
{
    // Computed once and never written afterwards: immutable shared state.
    private static readonly uint[] Table = BuildTable();

    public static uint Compute(ReadOnlySpan<byte> data)
    {
        uint crc = 0xFFFFFFFFu;
        foreach (byte b in data)
        {
            crc = Table[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }

        return crc ^ 0xFFFFFFFFu;
    }

    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            uint c = n;
            for (int k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            }

            table[n] = c;
        }

        return table;
    }
}
