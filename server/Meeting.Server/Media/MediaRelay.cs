using System.Collections.Concurrent;
using System.Text.Json;
using Meeting.Server.Domain;
using Meeting.Server.Observability;
using Meeting.Sfu;
using Meeting.SignalR.Redis;
using Microsoft.Extensions.Options;

namespace Meeting.Server.Media;

/// <summary>
/// Carries media calls between servers over the backplane's bus, so that a room keeps one router: a
/// peer whose signalling landed on a server that is not the room's home (after a fail-back, Caddy sends
/// newcomers to GRA while the room lives at SBG) is served by the home, and its media goes to the
/// home's announced IP. Each server listens on <c>{prefix}:media:{serverId}</c> for calls and
/// <c>{prefix}:media-replies:{serverId}</c> for answers. A call the home does not answer within
/// <see cref="CallTimeout"/> fails with <c>media_unavailable</c>; the client asks again on its next rejoin.
/// </summary>
internal sealed class MediaRelay : IHostedService
{
    public static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(5);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly ConcurrentDictionary<string, TaskCompletionSource<MediaRelayReply>> _pending = new(StringComparer.Ordinal);
    private readonly IBackplaneBus _bus;
    private readonly IServiceProvider _services;
    private readonly ILogger<MediaRelay> _logger;
    private readonly string _prefix;
    private readonly string _serverId;
    private IAsyncDisposable? _requests;
    private IAsyncDisposable? _replies;
    private readonly CancellationTokenSource _stopping = new();
    private Task? _subscribing;

    public MediaRelay(IBackplaneBus bus, IServiceProvider services, ServiceInfo service, IOptions<SharedState.SharedStateOptions> shared, ILogger<MediaRelay> logger)
    {
        _bus = bus;
        _services = services;
        _logger = logger;
        _prefix = shared.Value.KeyPrefix;
        _serverId = service.ServerId;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        // Redis may be away when the server starts: subscribe in the background, with backoff, rather
        // than keep the whole server from starting.
        _subscribing = SubscribeAsync(_stopping.Token);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        if (_subscribing is not null)
        {
            await _subscribing;
        }

        if (_requests is not null)
        {
            await _requests.DisposeAsync();
        }

        if (_replies is not null)
        {
            await _replies.DisposeAsync();
        }

        foreach (var pending in _pending.Values)
        {
            pending.TrySetCanceled(cancellationToken);
        }
    }

    /// <summary>Sends the call to <paramref name="homeServerId"/> and waits for its answer; a refusal is
    /// thrown as the same <see cref="SfuException"/> the home would have thrown.</summary>
    public async Task<MediaRelayReply> CallAsync(string homeServerId, MediaRelayRequest request, CancellationToken cancellationToken)
    {
        var id = Guid.NewGuid().ToString("N");
        var completion = new TaskCompletionSource<MediaRelayReply>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = completion;
        try
        {
            var message = request with { Id = id, ReplyTo = ReplyChannel(_serverId) };
            await _bus.PublishAsync(RequestChannel(homeServerId), JsonSerializer.SerializeToUtf8Bytes(message, Json), cancellationToken);
            MediaRelayReply reply;
            try
            {
                reply = await completion.Task.WaitAsync(CallTimeout, cancellationToken);
            }
            catch (TimeoutException)
            {
                throw new SfuException(RoomMedia.MediaUnavailable, "the room's home did not answer; try again");
            }

            if (reply.Code is { } code)
            {
                throw new SfuException(code, reply.Message ?? code);
            }

            return reply;
        }
        finally
        {
            _pending.TryRemove(id, out _);
        }
    }

    private async Task SubscribeAsync(CancellationToken cancellationToken)
    {
        var delay = TimeSpan.FromMilliseconds(100);
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                _requests ??= await _bus.SubscribeAsync(RequestChannel(_serverId), OnRequest, cancellationToken);
                _replies ??= await _bus.SubscribeAsync(ReplyChannel(_serverId), OnReply, cancellationToken);
                return;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                _logger.LogWarning("Media relay could not subscribe yet ({Reason}); retrying in {Delay}", ex.Message, delay);
                try
                {
                    await Task.Delay(delay, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 5000));
            }
        }
    }

    private string RequestChannel(string serverId) => $"{_prefix}:media:{serverId}";

    private string ReplyChannel(string serverId) => $"{_prefix}:media-replies:{serverId}";

    private void OnReply(ReadOnlyMemory<byte> payload)
    {
        var reply = Deserialize<MediaRelayReply>(payload);
        if (reply is not null && _pending.TryGetValue(reply.Id, out var completion))
        {
            completion.TrySetResult(reply);
        }
    }

    private void OnRequest(ReadOnlyMemory<byte> payload)
    {
        var request = Deserialize<MediaRelayRequest>(payload);
        if (request is null)
        {
            return;
        }

        // Off the subscriber's dispatch: serving a call awaits the SFU and Redis.
        _ = Task.Run(() => ServeAsync(request));
    }

    private async Task ServeAsync(MediaRelayRequest request)
    {
        MediaRelayReply reply;
        try
        {
            var media = _services.GetRequiredService<RoomMedia>();
            if (!RoomId.TryParse(request.Room, out var room))
            {
                throw new SfuException(RoomMedia.MediaUnavailable, "a relayed call named no valid room");
            }

            var peer = new PeerId(request.PeerId);
            using var timeout = new CancellationTokenSource(CallTimeout);
            reply = request.Operation switch
            {
                MediaRelayRequest.Join => new MediaRelayReply(request.Id, Join: ToDto(await media.JoinHereAsync(room, peer, timeout.Token))),
                MediaRelayRequest.Answer => await Done(media.AnswerHereAsync(room, peer, request.TransportId ?? string.Empty, request.Sdp ?? string.Empty, request.Revision, timeout.Token), request.Id),
                MediaRelayRequest.Mute when RoomMedia.TryParseKind(request.Kind, out var kind) => await Done(media.SetMutedHereAsync(room, peer, kind, request.Muted, timeout.Token), request.Id),
                MediaRelayRequest.Leave => await Done(media.PeerLeftAsync(room, peer, timeout.Token), request.Id),
                _ => new MediaRelayReply(request.Id, Code: RoomMedia.MediaUnavailable, Message: "unknown media operation"),
            };
        }
        catch (SfuException ex)
        {
            reply = new MediaRelayReply(request.Id, Code: ex.Code, Message: ex.Message);
        }
        catch (Exception ex)
        {
            _logger.LogWarning(ex, "A relayed media call ({Operation}) for peer {PeerId} in room {Room} failed", request.Operation, request.PeerId, request.Room);
            reply = new MediaRelayReply(request.Id, Code: RoomMedia.MediaUnavailable, Message: "the room's home could not serve the call");
        }

        try
        {
            await _bus.PublishAsync(request.ReplyTo, JsonSerializer.SerializeToUtf8Bytes(reply, Json));
        }
        catch (Exception ex)
        {
            _logger.LogDebug(ex, "Could not answer a relayed media call on {Channel}", request.ReplyTo);
        }
    }

    private static async Task<MediaRelayReply> Done(Task call, string id)
    {
        await call;
        return new MediaRelayReply(id);
    }

    private static MediaJoinResponseDto ToDto(MediaJoinResponse response) => new(response.TransportId, response.Sdp, response.Revision, response.Mutes);

    private T? Deserialize<T>(ReadOnlyMemory<byte> payload)
        where T : class
    {
        try
        {
            return JsonSerializer.Deserialize<T>(payload.Span, Json);
        }
        catch (JsonException ex)
        {
            _logger.LogWarning(ex, "Dropped a malformed media relay message");
            return null;
        }
    }
}
