using Meeting.WebRtc.Dtls;
using Meeting.WebRtc.Srtp;

namespace Meeting.WebRtc.Tests.Dtls;

/// <summary>RFC 5764 §4.2: exporter output is client_key | server_key | client_salt | server_salt.</summary>
public sealed class DtlsSrtpKeysTests
{
    [Fact]
    public void FromExporterOutput_AesCm_SplitsSixtyBytesInRfcOrder()
    {
        byte[] material = Enumerable.Range(0, 60).Select(i => (byte)i).ToArray();

        DtlsSrtpKeys keys = DtlsSrtpKeys.FromExporterOutput(SrtpProfile.Aes128CmHmacSha1_80, material);

        Assert.Equal(material[0..16], keys.ClientMasterKey);
        Assert.Equal(material[16..32], keys.ServerMasterKey);
        Assert.Equal(material[32..46], keys.ClientMasterSalt);
        Assert.Equal(material[46..60], keys.ServerMasterSalt);
    }

    [Fact]
    public void FromExporterOutput_AesGcm_SplitsFiftySixBytesInRfcOrder()
    {
        byte[] material = Enumerable.Range(100, 56).Select(i => (byte)i).ToArray();

        DtlsSrtpKeys keys = DtlsSrtpKeys.FromExporterOutput(SrtpProfile.AeadAes128Gcm, material);

        Assert.Equal(material[0..16], keys.ClientMasterKey);
        Assert.Equal(material[16..32], keys.ServerMasterKey);
        Assert.Equal(material[32..44], keys.ClientMasterSalt);
        Assert.Equal(material[44..56], keys.ServerMasterSalt);
    }

    [Theory]
    [InlineData(SrtpProfile.Aes128CmHmacSha1_80, 60)]
    [InlineData(SrtpProfile.AeadAes128Gcm, 56)]
    public void GetExporterLength_IsTwiceKeyPlusSalt(SrtpProfile profile, int expected) =>
        Assert.Equal(expected, DtlsSrtpKeys.GetExporterLength(profile));

    [Fact]
    public void FromExporterOutput_WrongLength_Throws() =>
        Assert.Throws<ArgumentException>(
            () => DtlsSrtpKeys.FromExporterOutput(SrtpProfile.AeadAes128Gcm, new byte[60]));

    [Fact]
    public void ExporterLabel_IsRfc5764Label() =>
        Assert.Equal("EXTRACTOR-dtls_srtp", DtlsSrtpKeys.ExporterLabel);
}
