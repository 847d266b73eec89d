namespace Meeting.WebRtc.Ice;

/// <summary>What <see cref="IceLiteAgent.HandleRequest"/> did with a datagram. The first four
/// (and <see cref="UnknownAttribute"/>) produced a response to send; the others produced none.</summary>
public enum IceCheckOutcome
{
    /// <summary>Valid check, answered with a success response.</summary>
    Answered,

    /// <summary>Valid check with USE-CANDIDATE, answered; the sender is now the selected remote.</summary>
    Nominated,

    /// <summary>Authenticated request with ICE-CONTROLLED, answered 487 (RFC 8445 §7.3.1.1).</summary>
    RoleConflict,

    /// <summary>Answered 400: USERNAME or MESSAGE-INTEGRITY missing (RFC 8489 §9.1.3), or an
    /// authenticated check without PRIORITY (RFC 8445 §7.1.1).</summary>
    BadRequest,

    /// <summary>Not a well-formed STUN message, or its FINGERPRINT is wrong.</summary>
    DroppedMalformed,

    /// <summary>USERNAME does not start with our (current or previous) ufrag and a colon.</summary>
    DroppedUnknownUsername,

    /// <summary>MESSAGE-INTEGRITY does not verify with the password of the ufrag named.</summary>
    DroppedBadIntegrity,

    /// <summary>An indication or a response: nothing for a lite agent to answer.</summary>
    DroppedNotRequest,

    /// <summary>A request for a method other than Binding, the only one ICE uses.</summary>
    DroppedUnknownMethod,

    /// <summary>Authenticated request with unknown comprehension-required attributes, answered 420
    /// (RFC 8489 §6.3.1).</summary>
    UnknownAttribute,
}
