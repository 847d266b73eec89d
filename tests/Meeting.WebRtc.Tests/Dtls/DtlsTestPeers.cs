using System.Buffers.Binary;
using Meeting.WebRtc.Dtls;
using Org.BouncyCastle.Tls;

namespace Meeting.WebRtc.Tests.Dtls;

/// <summary>A <see cref="DtlsServerTransport"/> wired to a <see cref="BrowserDtlsClient"/> through an
/// <see cref="InMemoryDatagramPipe"/>, and helpers to read what went over it.</summary>
internal static class DtlsTestPeers
{
    /// <summary>Bound on every await of these tests.</summary>
    public static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);

    public static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    public const byte HandshakeTypeClientHello = 1;
    public const byte HandshakeTypeHelloVerifyRequest = 3;
    public const byte HandshakeTypeCertificate = 11;

    public static readonly DtlsCertificate ServerCertificate = DtlsCertificate.Generate(Now);
    public static readonly BrowserCertificate ClientCertificate = BrowserCertificate.Generate();

    public static (DtlsServerTransport Server, InMemoryDatagramPipe Pipe, DtlsServerOptions Options) Create(
        DtlsServerOptions? options = null, int clientMtu = 1200)
    {
        options ??= new DtlsServerOptions();
        var pipe = new InMemoryDatagramPipe(clientMtu);
        var server = new DtlsServerTransport(ServerCertificate, options, pipe.DeliverToClient);
        pipe.Attach(server);
        return (server, pipe, options);
    }

    public static async Task<(DtlsSrtpKeys Keys, DtlsTransport Client)> HandshakeAsync(DtlsServerTransport server,
        InMemoryDatagramPipe pipe, BrowserDtlsClient client, CertificateFingerprint expected)
    {
        Task<DtlsTransport> connect = client.ConnectAsync(pipe);
        DtlsSrtpKeys keys = await server.HandshakeAsync(expected).WaitAsync(Bound);
        DtlsTransport transport = await connect.WaitAsync(Bound);
        return (keys, transport);
    }

    public static void AssertSameKeys(DtlsSrtpKeys? client, DtlsSrtpKeys server)
    {
        Assert.NotNull(client);
        Assert.Equal(server.Profile, client.Profile);
        Assert.Equal(server.ClientMasterKey, client.ClientMasterKey);
        Assert.Equal(server.ClientMasterSalt, client.ClientMasterSalt);
        Assert.Equal(server.ServerMasterKey, client.ServerMasterKey);
        Assert.Equal(server.ServerMasterSalt, client.ServerMasterSalt);
    }

    /// <summary>A handshake record at epoch 0 with a body that looks like the start of a ClientHello.</summary>
    public static byte[] ClientHelloLikeRecord() =>
        MakeRecord(DtlsContentType.Handshake, epoch: 0, sequence: 0, body: [HandshakeTypeClientHello, 0, 0, 40, .. new byte[48]]);

    public static byte[] MakeRecord(DtlsContentType type, ushort epoch, ulong sequence, byte[] body)
    {
        byte[] record = new byte[DtlsRecordHeader.Size + body.Length];
        new DtlsRecordHeader(type, DtlsRecordFraming.DtlsVersion12, epoch, sequence, (ushort)body.Length).WriteTo(record);
        body.CopyTo(record, DtlsRecordHeader.Size);
        return record;
    }

    /// <summary>The plaintext (epoch 0) handshake fragments of the given datagrams (RFC 6347 §4.2.2 header).</summary>
    public static List<(byte Type, int Offset)> HandshakeFragments(IEnumerable<byte[]> datagrams)
    {
        var fragments = new List<(byte, int)>();
        foreach (byte[] datagram in datagrams)
        {
            ReadOnlySpan<byte> rest = datagram;
            while (DtlsRecordFraming.TryReadHeader(rest, out DtlsRecordHeader header)
                && rest.Length >= DtlsRecordHeader.Size + header.Length)
            {
                ReadOnlySpan<byte> body = rest.Slice(DtlsRecordHeader.Size, header.Length);
                if (header.ContentType == DtlsContentType.Handshake && header.Epoch == 0 && body.Length >= 12)
                {
                    int offset = (body[6] << 16) | BinaryPrimitives.ReadUInt16BigEndian(body[7..]);
                    fragments.Add((body[0], offset));
                }

                rest = rest[(DtlsRecordHeader.Size + header.Length)..];
            }
        }

        return fragments;
    }
}
