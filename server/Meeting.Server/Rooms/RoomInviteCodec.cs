using System.Globalization;
using System.Security.Cryptography;
using Meeting.Server.Domain;
using Microsoft.AspNetCore.DataProtection;

namespace Meeting.Server.Rooms;

/// <summary>Invite tokens: a room and an expiry, authenticated and encrypted by Data Protection under a
/// purpose of their own, so neither a session token nor an invite for another room passes for one.</summary>
internal sealed class RoomInviteCodec
{
    private const string Purpose = "Meeting.RoomInvite.v1";
    private const int MaxTokenLength = 2048;
    private readonly IDataProtector _protector;

    public RoomInviteCodec(IDataProtectionProvider provider) => _protector = provider.CreateProtector(Purpose);

    public string Encode(RoomId room, DateTimeOffset expiresAt)
        => _protector.Protect(room.Value + "\n" + expiresAt.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture));

    public RoomInviteVerdict Check(string? token, RoomId room, DateTimeOffset now)
    {
        if (string.IsNullOrEmpty(token) || token.Length > MaxTokenLength)
        {
            return RoomInviteVerdict.Invalid;
        }

        string payload;
        try
        {
            payload = _protector.Unprotect(token);
        }
        catch (CryptographicException)
        {
            return RoomInviteVerdict.Invalid;
        }

        var newline = payload.IndexOf('\n', StringComparison.Ordinal);
        if (newline < 0
            || payload.AsSpan(0, newline).SequenceEqual(room.Value) is false
            || !long.TryParse(payload.AsSpan(newline + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var expiresMs))
        {
            return RoomInviteVerdict.Invalid;
        }

        return now.ToUnixTimeMilliseconds() < expiresMs ? RoomInviteVerdict.Valid : RoomInviteVerdict.Expired;
    }
}
