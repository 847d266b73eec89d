using System.Text;
using Meeting.SignalR.Redis.Internal;
using Microsoft.AspNetCore.SignalR;

namespace Meeting.SignalR.Redis.Tests.Internal;

public sealed class BackplaneProtocolTests
{
    [Fact]
    public void Ack_IsVersionKindAndLeb128Id()
    {
        Assert.Equal(new byte[] { 0x01, 0x03, 0x05 }, BackplaneProtocol.WriteAck(5));
        Assert.Equal(new byte[] { 0x01, 0x03, 0xAC, 0x02 }, BackplaneProtocol.WriteAck(300));
        Assert.Equal(new byte[] { 0x01, 0x03, 0xFF, 0xFF, 0xFF, 0xFF, 0x07 }, BackplaneProtocol.WriteAck(int.MaxValue));

        Assert.True(BackplaneProtocol.TryReadAck(new byte[] { 0x01, 0x03, 0xAC, 0x02 }, out var id));
        Assert.Equal(300, id);
    }

    [Fact]
    public void GroupCommand_IsWrittenAsDocumented_AndReadBack()
    {
        var command = new GroupCommand(GroupAction.Remove, 7, "s1", "c1", "g");

        var bytes = BackplaneProtocol.WriteGroupCommand(command);

        Assert.Equal(
            new byte[] { 0x01, 0x02, 0x02, 0x07, 0x02, (byte)'s', (byte)'1', 0x02, (byte)'c', (byte)'1', 0x01, (byte)'g' },
            bytes);
        Assert.True(BackplaneProtocol.TryReadGroupCommand(bytes, out var read));
        Assert.Equal(command, read);
    }

    [Fact]
    public void Invocation_IsWrittenAsDocumented_AndReadBackWithItsFrames()
    {
        var frame = "{\"type\":1,\"target\":\"T\",\"arguments\":[]}\u001e"u8.ToArray();

        var bytes = BackplaneProtocol.WriteInvocation("s", ["x", "y"], [new SerializedMessage("json", frame)]);

        byte[] expectedHead = [0x01, 0x01, 0x01, (byte)'s', 0x02, 0x01, (byte)'x', 0x01, (byte)'y', 0x01, 0x04, .. "json"u8, (byte)frame.Length];
        Assert.Equal([.. expectedHead, .. frame], bytes);
        Assert.True(BackplaneProtocol.TryReadInvocation(bytes, out var invocation));
        Assert.Equal("s", invocation.OriginServerId);
        Assert.Equal(["x", "y"], invocation.ExcludedConnectionIds);
        var read = Assert.Single(invocation.Frames);
        Assert.Equal("json", read.ProtocolName);
        Assert.Equal(frame, read.Serialized.ToArray());
    }

    [Fact]
    public void Invocation_WithoutExclusions_HasAnEmptyList()
    {
        var bytes = BackplaneProtocol.WriteInvocation("\u00e9t\u00e9", null, []);

        Assert.True(BackplaneProtocol.TryReadInvocation(bytes, out var invocation));
        Assert.Equal("\u00e9t\u00e9", invocation.OriginServerId);
        Assert.Empty(invocation.ExcludedConnectionIds);
        Assert.Empty(invocation.Frames);
    }

    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { 0x02, 0x03, 0x05 })]
    [InlineData(new byte[] { 0x01, 0x02, 0x05 })]
    [InlineData(new byte[] { 0x01, 0x03 })]
    [InlineData(new byte[] { 0x01, 0x03, 0x80 })]
    [InlineData(new byte[] { 0x01, 0x03, 0x05, 0x00 })]
    [InlineData(new byte[] { 0x01, 0x03, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F })]
    public void Ack_ThatIsTruncatedOfAnotherVersionOrKindOrHasTrailingBytes_IsRefused(byte[] bytes) =>
        Assert.False(BackplaneProtocol.TryReadAck(bytes, out _));

    [Fact]
    public void Invocation_ThatIsTruncatedAnywhere_IsRefused()
    {
        var bytes = BackplaneProtocol.WriteInvocation("server", ["a"], [new SerializedMessage("json", "{}\u001e"u8.ToArray())]);

        for (var length = 0; length < bytes.Length; length++)
        {
            Assert.False(BackplaneProtocol.TryReadInvocation(bytes.AsMemory(0, length), out _), $"accepted {length} of {bytes.Length} bytes");
        }
    }

    [Fact]
    public void GroupCommand_WithAnUnknownActionOrInvalidUtf8_IsRefused()
    {
        var bytes = BackplaneProtocol.WriteGroupCommand(new GroupCommand(GroupAction.Add, 1, "s", "c", "g"));
        var badAction = bytes.ToArray();
        badAction[2] = 9;
        var badText = bytes.ToArray();
        badText[^1] = 0xFF;

        Assert.False(BackplaneProtocol.TryReadGroupCommand(badAction, out _));
        Assert.False(BackplaneProtocol.TryReadGroupCommand(badText, out _));
        Assert.False(BackplaneProtocol.TryReadGroupCommand(Encoding.UTF8.GetBytes("garbage"), out _));
    }
}
