using System.Security.Cryptography;
using Meeting.Server.Domain;
using Microsoft.AspNetCore.DataProtection;

namespace Meeting.Server.Sessions;

/// <summary>Turns a session id into the opaque token clients carry, and back. The token is
/// authenticated and encrypted by Data Protection, so a client cannot forge or alter one.</summary>
internal sealed class SessionTokenCodec
{
    private const string Purpose = "Meeting.Session.v1";
    private readonly IDataProtector _protector;

    public SessionTokenCodec(IDataProtectionProvider provider) => _protector = provider.CreateProtector(Purpose);

    public string Encode(SessionId id) => _protector.Protect(id.Value);

    public bool TryDecode(string? token, out SessionId id)
    {
        id = default;
        if (string.IsNullOrEmpty(token) || token.Length > 1024)
        {
            return false;
        }

        try
        {
            id = new SessionId(_protector.Unprotect(token));
            return true;
        }
        catch (CryptographicException)
        {
            return false;
        }
    }
}
