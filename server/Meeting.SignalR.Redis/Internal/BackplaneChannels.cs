namespace Meeting.SignalR.Redis.Internal;

/// <summary>
/// The names of the backplane's channels for one hub. Everything after the fixed part is taken as it is (a group
/// name may itself contain colons), and the hub's full type name keeps two hubs on one Redis apart.
/// </summary>
/// <remarks>
/// <list type="table">
/// <item><term><c>{prefix}:{hub}:all</c></term><description>sends to every connection; every server subscribes.</description></item>
/// <item><term><c>{prefix}:{hub}:connection:{connectionId}</c></term><description>sends to one connection; subscribed by the server holding it.</description></item>
/// <item><term><c>{prefix}:{hub}:group:{group}</c></term><description>sends to a group; subscribed by each server holding a member.</description></item>
/// <item><term><c>{prefix}:{hub}:user:{userId}</c></term><description>sends to a user; subscribed by each server holding one of the user's connections.</description></item>
/// <item><term><c>{prefix}:{hub}:internal:groups</c></term><description>group changes for connections held elsewhere; every server subscribes, the holder applies and acknowledges.</description></item>
/// <item><term><c>{prefix}:{hub}:internal:ack:{serverId}</c></term><description>acknowledgements of that server's group changes.</description></item>
/// </list>
/// </remarks>
internal sealed class BackplaneChannels
{
    private readonly string _root;

    public BackplaneChannels(string prefix, string hubName)
    {
        _root = $"{prefix}:{hubName}:";
        All = _root + "all";
        GroupManagement = _root + "internal:groups";
    }

    public string All { get; }

    public string GroupManagement { get; }

    public string Connection(string connectionId) => _root + "connection:" + connectionId;

    public string Group(string groupName) => _root + "group:" + groupName;

    public string User(string userId) => _root + "user:" + userId;

    public string Ack(string serverId) => _root + "internal:ack:" + serverId;
}
