using System.Net;
using Meeting.WebRtc.Stun;

namespace Meeting.WebRtc.Ice;

/// <summary>Writes the Binding responses an ICE-lite agent sends. Every response carries FINGERPRINT
/// (RFC 8445 §7.1); responses to an authenticated request carry MESSAGE-INTEGRITY keyed with the
/// same password (RFC 8489 §9.1.3).</summary>
internal sealed class IceResponseWriter
{
    /// <summary>Success: XOR-MAPPED-ADDRESS is the request's source (RFC 8445 §7.3.1.2).</summary>
    public static int WriteSuccess(StunMessage request, IPEndPoint remote, ReadOnlySpan<byte> key, Span<byte> response) =>
        new StunMessageBuilder(StunClass.SuccessResponse, StunMethod.Binding, request.TransactionId)
            .AddXorMappedAddress(remote)
            .WriteTo(response, key, fingerprint: true);

    /// <summary>An error response; an empty key leaves MESSAGE-INTEGRITY out.</summary>
    public static int WriteError(StunMessage request, int code, string reason, ReadOnlySpan<byte> key, Span<byte> response)
    {
        var builder = new StunMessageBuilder(StunClass.ErrorResponse, StunMethod.Binding, request.TransactionId)
            .AddErrorCode(code, reason);
        if (code == StunErrorCodes.UnknownAttribute)
        {
            builder.AddUnknownAttributes(request.UnknownComprehensionRequired);
        }

        return builder.WriteTo(response, key, fingerprint: true);
    }
}
