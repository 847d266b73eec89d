using Meeting.WebRtc.Srtp;
using static Meeting.WebRtc.Tests.Srtp.SrtpTestPackets;

namespace Meeting.WebRtc.Tests.Srtp;

/// <summary>RFC 6188 §7 (AES-192 and AES-256 for SRTP): the key derivation and keystream vectors.
/// Our profiles are AES-128 only; these pin the key-length-generic PRF and counter mode.</summary>
public sealed class Rfc6188Tests
{
    private static readonly byte[] Counter = Hex("f0f1f2f3f4f5f6f7f8f9fafbfcfd0000");

    [Fact]
    public void Aes256CmKeystream_FirstAndLastBlocks_MatchSection7_1()
    {
        AssertKeystream(
            "57f82fe3613fd170a85ec93c40b1f0922ec4cb0dc025b58272147cc438944a98",
            "92bdd28a93c3f52511c677d08b5515a4 9da71b2378a854f67050756ded165bac 63c4868b7096d88421b563b8c94c9a31",
            "cea518c90fd91ced9cbb18c078a54711 3dbc4814f4da5f00a08772b63c6a046d 6eb246913062a16891433e97dd01a57f");
    }

    [Fact]
    public void Aes256CmPrf_SessionKeys_MatchSection7_2()
    {
        AssertDerivation(
            "f0f04914b513f2763a1b1fa130f10e29 98f6f6e43e4309d1e622a0e332b9f1b6",
            "3b04803de51ee7c96423ab5b78d2",
            "5ba1064e30ec51613cad926c5a28ef73 1ec7fb397f70a960653caf06554cd8c4",
            "fa31791685ca444a9e07c6c64e93",
            "fd9c32d39ed5fbb5a9dc96b30818454d1313dc05");
    }

    [Fact]
    public void Aes192CmKeystream_FirstAndLastBlocks_MatchSection7_3()
    {
        AssertKeystream(
            "eab234764e517b2d3d160d587d8c86219740f65f99b6bcf7",
            "35096cba4610028dc1b57503804ce37c 5de986291dcce161d5165ec4568f5c9a 474a40c77894bc17180202272a4c264d",
            "d108d1a31a00bad6367ec23eb044b415 c8f57129fdeb970b59f917b257662d4c a5dab625811034e8cebdfeb6dc158dd3");
    }

    [Fact]
    public void Aes192CmPrf_SessionKeys_MatchSection7_4()
    {
        AssertDerivation(
            "73edc66c4fa15776fb57f9505c17136550ffda71f3e8e5f1",
            "c8522f3acd4ce86d5add78edbb11",
            "31874736a8f1143870c26e4857d8a5b2c4a354407faadabb",
            "2372b82d639b6d8503a47adc0a6c",
            "355b10973cd95b9eacf4061c7e1a7151e7cfbfcb");
    }

    private static void AssertKeystream(string key, string first, string last)
    {
        // As in RFC 3711 B.2: a 65282-block segment from the shifted salt.
        var keystream = new byte[65282 * AesCounterMode.BlockSize];
        using var cipher = new AesCounterMode(Hex(key));
        cipher.GenerateKeystream(Counter, keystream);

        Assert.Equal(Hex(first), keystream[..48]);
        Assert.Equal(Hex(last), keystream[^48..]);
    }

    private static void AssertDerivation(string masterKey, string masterSalt, string cipherKey, string cipherSalt, string authKey)
    {
        byte[] key = Hex(masterKey);
        byte[] salt = Hex(masterSalt);
        var encryption = new byte[key.Length];
        var sessionSalt = new byte[14];
        var authentication = new byte[20];

        SrtpKeyDerivation.Derive(key, salt, SrtpKeyDerivation.SrtpEncryptionLabel, encryption);
        SrtpKeyDerivation.Derive(key, salt, SrtpKeyDerivation.SrtpSaltLabel, sessionSalt);
        SrtpKeyDerivation.Derive(key, salt, SrtpKeyDerivation.SrtpAuthenticationLabel, authentication);

        Assert.Equal(Hex(cipherKey), encryption);
        Assert.Equal(Hex(cipherSalt), sessionSalt);
        Assert.Equal(Hex(authKey), authentication);
    }
}
