namespace Meeting.Backplane.Bench.Clients;

/// <summary>What a server-to-client record is, as far as the bench cares.</summary>
internal enum InboundKind
{
    Other,
    Signal,
    Chat,
    Completion,
    Close,
}
