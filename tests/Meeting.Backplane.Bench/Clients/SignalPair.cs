namespace Meeting.Backplane.Bench.Clients;

/// <summary>Two peers of one room: <see cref="Sender"/> signals <see cref="Receiver"/>, through the frame prefix built for it.</summary>
internal sealed record SignalPair(BenchPeer Sender, BenchPeer Receiver, byte[] Prefix)
{
    public static SignalPair Between(BenchPeer sender, BenchPeer receiver) => new(sender, receiver, HubFrames.SignalPrefix(receiver.PeerId));
}
