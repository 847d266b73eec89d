using System.Buffers;
using System.Text;
using Meeting.Redis.Protocol;

namespace Meeting.Redis.Tests.Protocol;

public sealed class RespWriterTests
{
    [Fact]
    public void Command_IsAnArrayOfBulkStrings()
    {
        Assert.Equal("*2\r\n$3\r\nGET\r\n$3\r\nkey\r\n", Write(new RedisCommand("GET", "key")));
    }

    [Fact]
    public void CommandWithoutArguments_IsAOneElementArray()
    {
        Assert.Equal("*1\r\n$4\r\nPING\r\n", Write(new RedisCommand("PING")));
    }

    [Fact]
    public void IntegerAndBinaryArguments_AreBulkStrings()
    {
        var wire = Write(new RedisCommand("SET", "k", new byte[] { (byte)'v', 0, (byte)'w' }, "PX", 1500L, -3));

        Assert.Equal("*6\r\n$3\r\nSET\r\n$1\r\nk\r\n$3\r\nv\0w\r\n$2\r\nPX\r\n$4\r\n1500\r\n$2\r\n-3\r\n", wire);
    }

    [Fact]
    public void Utf8Text_IsCountedInBytesNotCharacters()
    {
        Assert.Equal("*2\r\n$4\r\nECHO\r\n$5\r\nnaïf\r\n", Write(new RedisCommand("ECHO", "naïf")));
    }

    [Fact]
    public void LargeValue_IsWrittenWhole()
    {
        var payload = new byte[1024 * 1024 + 3];
        new Random(3).NextBytes(payload);
        var writer = new ArrayBufferWriter<byte>();

        RespWriter.WriteCommand(writer, new RedisCommand("SET", "big", payload));

        Assert.True(RespReader.TryRead(new ReadOnlySequence<byte>(writer.WrittenMemory), out var parsed, out _));
        Assert.Equal(payload, parsed[2].AsBytes());
    }

    private static string Write(RedisCommand command)
    {
        var writer = new ArrayBufferWriter<byte>();
        RespWriter.WriteCommand(writer, command);
        return Encoding.UTF8.GetString(writer.WrittenSpan);
    }
}
