namespace Meeting.WebRtc.Stun;

/// <summary>The ERROR-CODE values this stack sends, with their reason phrases.</summary>
/// <remarks>RFC 8489 §14.8, RFC 8445 §7.3.1.1 (487)</remarks>
public static class StunErrorCodes
{
    public const int BadRequest = 400;
    public const int Unauthenticated = 401;
    public const int UnknownAttribute = 420;
    public const int RoleConflict = 487;

    public const string BadRequestReason = "Bad Request";
    public const string UnauthenticatedReason = "Unauthenticated";
    public const string UnknownAttributeReason = "Unknown Attribute";
    public const string RoleConflictReason = "Role Conflict";
}
