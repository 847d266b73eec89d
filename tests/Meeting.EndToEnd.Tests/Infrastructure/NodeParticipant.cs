namespace Meeting.EndToEnd.Tests.Infrastructure;

/// <summary>
/// <c>node/participant.js</c>: the official <c>@microsoft/signalr</c> client, resolved from the server's
/// <c>node_modules</c>. It reports hub events as JSON lines and takes <c>{"chat":…}</c> and
/// <c>{"leave":true}</c> commands.
/// </summary>
public static class NodeParticipant
{
    public static NodeScript Start(Uri baseAddress, string room, string displayName)
    {
        if (!File.Exists(Path.Combine(RepositoryPaths.ServerNodeModules, "@microsoft", "signalr", "package.json")))
        {
            throw new InvalidOperationException($"@microsoft/signalr is not restored in {RepositoryPaths.ServerNodeModules}; build server/Meeting.Server (it runs npm ci).");
        }

        return NodeScript.Start("participant.js", baseAddress.ToString(), room, displayName);
    }
}
