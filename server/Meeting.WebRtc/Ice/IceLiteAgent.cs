using System.Net;
using System.Text;
using Meeting.WebRtc.Stun;

namespace Meeting.WebRtc.Ice;

/// <summary>The ICE-lite side of one transport: answers the browser's connectivity checks, follows
/// its nomination, remembers which addresses proved they hold the credentials, and tracks consent.
/// No sockets, no clock: the caller passes each datagram with its source and a monotonic time.
/// Not thread-safe: the transport serialises calls.</summary>
/// <remarks>RFC 8445 §2.5 (lite), §7.3 (responding to checks), §8.2 (nomination for lite agents);
/// RFC 7675 (consent freshness). A lite agent is always controlled.
/// Policy beyond the RFCs: a request with an unknown ufrag or a wrong MESSAGE-INTEGRITY is dropped
/// without the 401 of RFC 8489 §9.1.3, so a scanner learns nothing and nothing is reflected at a
/// spoofed source; a request missing USERNAME or MESSAGE-INTEGRITY gets the 400 of RFC 8489 §9.1.3
/// (48 bytes: the same order as the request, so a poor amplifier). The latest nomination wins, so a client that
/// moves to another address and nominates again is followed.</remarks>
public sealed class IceLiteAgent
{
    /// <summary>The response buffer given to <see cref="HandleRequest"/> must be at least this long.</summary>
    public const int MaxResponseLength = 256;

    private readonly IceLiteOptions _options;
    private readonly IceVerifiedAddresses _verified;
    private readonly long[] _counts = new long[Enum.GetValues<IceCheckOutcome>().Length];
    private CredentialSet _current;
    private CredentialSet? _previous;
    private bool _currentConfirmed;
    private TimeSpan _selectedLastCheckAt;

    /// <exception cref="ArgumentException">Credentials that are not legal ice-chars of legal lengths.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A non-positive timeout or address bound.</exception>
    public IceLiteAgent(IceCredentials local, IceLiteOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.ConsentTimeout, TimeSpan.Zero, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxVerifiedAddresses, 1, nameof(options));
        _options = options;
        _verified = new IceVerifiedAddresses(options.MaxVerifiedAddresses);
        _current = new CredentialSet(local);
    }

    /// <summary>The current local credentials, to announce in SDP.</summary>
    public IceCredentials Local => _current.Credentials;

    /// <summary>The credentials replaced by <see cref="Restart"/> that are still accepted, until the
    /// first valid check with <see cref="Local"/>; null otherwise. A transport that routes by ufrag
    /// keeps this ufrag routed to the agent while it is not null.</summary>
    public IceCredentials? PreviousLocal => _previous?.Credentials;

    /// <summary>The remote of the latest nomination, or null before any.</summary>
    public IPEndPoint? SelectedRemote { get; private set; }

    /// <summary>When the last valid check arrived, from any remote.</summary>
    public TimeSpan? LastValidCheckAt { get; private set; }

    /// <summary>The remote ufrag (after the colon of USERNAME) of the last valid check.</summary>
    public string? RemoteUsernameFragment { get; private set; }

    /// <summary>The local ufrag (before the colon) of a request's USERNAME, found without allocating,
    /// so one shared UDP port can hand each check to the agent that owns the ufrag. Nothing is
    /// authenticated here: <see cref="HandleRequest"/> does that.</summary>
    /// <remarks>RFC 8445 §7.2.2: USERNAME is "receiver's ufrag:sender's ufrag".</remarks>
    public static bool TryReadLocalUsernameFragment(ReadOnlySpan<byte> datagram, out ReadOnlySpan<byte> usernameFragment)
    {
        usernameFragment = default;
        if (!StunMessage.TryReadUsername(datagram, out ReadOnlySpan<byte> username))
        {
            return false;
        }

        int colon = username.IndexOf((byte)':');
        if (colon <= 0)
        {
            return false;
        }

        usernameFragment = username[..colon];
        return true;
    }

    /// <summary>Datagrams handled with this outcome since the agent was created.</summary>
    public long GetCount(IceCheckOutcome outcome) =>
        (uint)outcome < (uint)_counts.Length ? _counts[(int)outcome] : 0;

    /// <summary>True when a valid check arrived from <paramref name="remote"/> (among the
    /// <see cref="IceLiteOptions.MaxVerifiedAddresses"/> most recently checked addresses). DTLS
    /// and SRTP are accepted only from such addresses.</summary>
    public bool IsVerified(IPEndPoint remote) => remote is not null && _verified.Contains(remote);

    /// <summary>Handles one datagram the demultiplexer classified as STUN and writes the answer, if
    /// any, into <paramref name="response"/>.</summary>
    /// <param name="now">Monotonic time since an arbitrary origin.</param>
    /// <exception cref="ArgumentException"><paramref name="response"/> is shorter than <see cref="MaxResponseLength"/>.</exception>
    public IceCheckResult HandleRequest(ReadOnlySpan<byte> datagram, IPEndPoint remote, TimeSpan now, Span<byte> response)
    {
        ArgumentNullException.ThrowIfNull(remote);
        if (response.Length < MaxResponseLength)
        {
            throw new ArgumentException($"The response buffer needs {MaxResponseLength} bytes.", nameof(response));
        }

        IceCheckResult result = Handle(datagram, remote, now, response);
        _counts[(int)result.Outcome]++;
        return result;
    }

    /// <summary>ICE restart: checks must now use <paramref name="newLocal"/>. The credentials in use
    /// keep working until the first valid check with the new ones, so media is not cut while the
    /// offer/answer completes. Credentials that were never used are simply replaced.</summary>
    /// <remarks>RFC 8445 §9</remarks>
    public void Restart(IceCredentials newLocal)
    {
        var next = new CredentialSet(newLocal);
        if (_currentConfirmed || _previous is null)
        {
            _previous = _current;
        }

        _current = next;
        _currentConfirmed = false;
    }

    /// <summary>Consent of the selected remote (before nomination: of any remote) at <paramref name="now"/>.</summary>
    /// <remarks>RFC 7675 §5.1</remarks>
    public IceConsentState CheckConsent(TimeSpan now)
    {
        if (LastValidCheckAt is not TimeSpan last)
        {
            return IceConsentState.Pending;
        }

        TimeSpan reference = SelectedRemote is null ? last : _selectedLastCheckAt;
        return now - reference >= _options.ConsentTimeout ? IceConsentState.Expired : IceConsentState.Granted;
    }

    private IceCheckResult Handle(ReadOnlySpan<byte> datagram, IPEndPoint remote, TimeSpan now, Span<byte> response)
    {
        if (!StunMessage.TryParse(datagram, out StunMessage? request) || (request.HasFingerprint && !request.CheckFingerprint()))
        {
            return Dropped(IceCheckOutcome.DroppedMalformed);
        }

        if (request.Class != StunClass.Request)
        {
            return Dropped(IceCheckOutcome.DroppedNotRequest);
        }

        if (request.Method != StunMethod.Binding)
        {
            return Dropped(IceCheckOutcome.DroppedUnknownMethod);
        }

        // RFC 8489 §9.1.3: both USERNAME and MESSAGE-INTEGRITY, else 400 without integrity.
        if (request.Username is null || !request.HasMessageIntegrity)
        {
            return Answer(IceCheckOutcome.BadRequest, IceResponseWriter.WriteError(
                request, StunErrorCodes.BadRequest, StunErrorCodes.BadRequestReason, [], response));
        }

        CredentialSet? credentials = Match(request.Username, out string remoteUfrag);
        if (credentials is null)
        {
            return Dropped(IceCheckOutcome.DroppedUnknownUsername);
        }

        if (!request.CheckMessageIntegrity(credentials.Key))
        {
            return Dropped(IceCheckOutcome.DroppedBadIntegrity);
        }

        if (request.UnknownComprehensionRequired.Count > 0)
        {
            return Answer(IceCheckOutcome.UnknownAttribute, IceResponseWriter.WriteError(
                request, StunErrorCodes.UnknownAttribute, StunErrorCodes.UnknownAttributeReason, credentials.Key, response));
        }

        if (request.Priority is null)
        {
            return Answer(IceCheckOutcome.BadRequest, IceResponseWriter.WriteError(
                request, StunErrorCodes.BadRequest, StunErrorCodes.BadRequestReason, credentials.Key, response));
        }

        // RFC 8445 §7.3.1.1: we are controlled and cannot become controlling, so the peer must switch.
        if (request.IceControlled is not null)
        {
            return Answer(IceCheckOutcome.RoleConflict, IceResponseWriter.WriteError(
                request, StunErrorCodes.RoleConflict, StunErrorCodes.RoleConflictReason, credentials.Key, response));
        }

        return Accept(request, remote, remoteUfrag, credentials, now, response);
    }

    private IceCheckResult Accept(StunMessage request, IPEndPoint remote, string remoteUfrag,
        CredentialSet credentials, TimeSpan now, Span<byte> response)
    {
        if (ReferenceEquals(credentials, _current))
        {
            // The first valid check with new credentials ends the old ones' grace (RFC 8445 §9).
            _currentConfirmed = true;
            _previous = null;
        }

        var source = new IPEndPoint(remote.Address, remote.Port); // the caller may reuse its object
        _verified.Touch(source);
        LastValidCheckAt = now;
        RemoteUsernameFragment = remoteUfrag;

        bool changed = false;
        if (request.UseCandidate)
        {
            // RFC 8445 §8.2 / §7.3.1.5: a lite agent takes the nominated pair; the latest nomination wins.
            changed = !source.Equals(SelectedRemote);
            SelectedRemote = source;
        }

        if (SelectedRemote is not null && SelectedRemote.Equals(source))
        {
            _selectedLastCheckAt = now;
        }

        int length = IceResponseWriter.WriteSuccess(request, source, credentials.Key, response);
        return new IceCheckResult(request.UseCandidate ? IceCheckOutcome.Nominated : IceCheckOutcome.Answered, length, changed);
    }

    /// <summary>USERNAME is "ourUfrag:theirUfrag" in requests we receive (RFC 8445 §7.2.2).</summary>
    private CredentialSet? Match(string username, out string remoteUfrag)
    {
        remoteUfrag = string.Empty;
        int colon = username.IndexOf(':');
        if (colon <= 0 || colon == username.Length - 1)
        {
            return null;
        }

        ReadOnlySpan<char> localPart = username.AsSpan(0, colon);
        CredentialSet? match = localPart.SequenceEqual(_current.Credentials.UsernameFragment) ? _current
            : _previous is not null && localPart.SequenceEqual(_previous.Credentials.UsernameFragment) ? _previous
            : null;
        if (match is not null)
        {
            remoteUfrag = username[(colon + 1)..];
        }

        return match;
    }

    private static IceCheckResult Dropped(IceCheckOutcome outcome) => new(outcome, 0, false);

    private static IceCheckResult Answer(IceCheckOutcome outcome, int length) => new(outcome, length, false);

    /// <summary>Credentials with their short-term key (RFC 8489 §9.1.1: the UTF-8 password; the
    /// OpaqueString profile leaves ice-chars unchanged) computed once.</summary>
    private sealed class CredentialSet
    {
        public CredentialSet(IceCredentials credentials)
        {
            ArgumentNullException.ThrowIfNull(credentials);
            if (!credentials.IsValid())
            {
                throw new ArgumentException("ICE credentials must be ice-chars: ufrag 4..256, password 22..256.", nameof(credentials));
            }

            Credentials = credentials;
            Key = Encoding.UTF8.GetBytes(credentials.Password);
        }

        public IceCredentials Credentials { get; }

        public byte[] Key { get; }
    }
}
