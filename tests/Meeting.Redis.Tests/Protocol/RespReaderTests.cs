using System.Buffers;
using System.Text;
using Meeting.Redis.Protocol;

namespace Meeting.Redis.Tests.Protocol;

public sealed class RespReaderTests
{
    // Every wire string here is one complete reply.
    public static TheoryData<string> CompleteReplies => new()
    {
        "+OK\r\n",
        "-ERR unknown command 'FOO'\r\n",
        ":0\r\n",
        ":-42\r\n",
        "$5\r\nhello\r\n",
        "$0\r\n\r\n",
        "$-1\r\n",
        "*-1\r\n",
        "*0\r\n",
        "*2\r\n$9\r\n127.0.0.1\r\n:6379\r\n",
        "*3\r\n$6\r\nmaster\r\n:3129659\r\n*2\r\n*3\r\n$9\r\n127.0.0.1\r\n$4\r\n9001\r\n$7\r\n3129242\r\n*3\r\n$9\r\n127.0.0.1\r\n$4\r\n9002\r\n$7\r\n3129543\r\n",
        "*4\r\n$-1\r\n-WRONGTYPE bad\r\n*-1\r\n+x\r\n",
        "$4\r\na\r\nb\r\n",
    };

    [Fact]
    public void SimpleString_IsReadAsText()
    {
        var reply = ReadOne("+OK\r\n");

        Assert.Equal(RedisReplyKind.SimpleString, reply.Kind);
        Assert.Equal("OK", reply.AsString());
    }

    [Fact]
    public void Error_KeepsItsPrefixAndMessage()
    {
        var reply = ReadOne("-ERR unknown command 'FOO'\r\n");

        Assert.True(reply.IsError);
        Assert.Equal("ERR unknown command 'FOO'", reply.ErrorMessage);
    }

    [Theory]
    [InlineData(":0\r\n", 0L)]
    [InlineData(":1000\r\n", 1000L)]
    [InlineData(":-42\r\n", -42L)]
    [InlineData(":9223372036854775807\r\n", long.MaxValue)]
    public void Integer_IsReadAsInt64(string wire, long expected)
    {
        var reply = ReadOne(wire);

        Assert.Equal(RedisReplyKind.Integer, reply.Kind);
        Assert.Equal(expected, reply.AsInt64());
    }

    [Fact]
    public void BulkString_IsReadAsBytes()
    {
        var reply = ReadOne("$5\r\nhello\r\n");

        Assert.Equal(RedisReplyKind.BulkString, reply.Kind);
        Assert.Equal("hello"u8.ToArray(), reply.AsBytes());
    }

    [Fact]
    public void EmptyBulkString_IsEmptyNotNull()
    {
        var reply = ReadOne("$0\r\n\r\n");

        Assert.False(reply.IsNull);
        Assert.Equal(string.Empty, reply.AsString());
    }

    [Fact]
    public void BulkString_MayContainCrlf()
    {
        var reply = ReadOne("$4\r\na\r\nb\r\n");

        Assert.Equal("a\r\nb", reply.AsString());
    }

    [Fact]
    public void NullBulkString_IsNull()
    {
        var reply = ReadOne("$-1\r\n");

        Assert.Equal(RedisReplyKind.BulkString, reply.Kind);
        Assert.True(reply.IsNull);
        Assert.Null(reply.AsString());
    }

    [Fact]
    public void NullArray_IsNullAndEmpty()
    {
        var reply = ReadOne("*-1\r\n");

        Assert.Equal(RedisReplyKind.Array, reply.Kind);
        Assert.True(reply.IsNull);
        Assert.Equal(0, reply.Count);
    }

    [Fact]
    public void HostAndPortArray_IsReadElementByElement()
    {
        var reply = ReadOne("*2\r\n$9\r\n127.0.0.1\r\n:6379\r\n");

        Assert.Equal(2, reply.Count);
        Assert.Equal("127.0.0.1", reply[0].AsString());
        Assert.Equal(6379, reply[1].AsInt64());
    }

    [Fact]
    public void RoleReplyOfAMaster_IsReadAsNestedArrays()
    {
        var reply = ReadOne("*3\r\n$6\r\nmaster\r\n:3129659\r\n*2\r\n*3\r\n$9\r\n127.0.0.1\r\n$4\r\n9001\r\n$7\r\n3129242\r\n*3\r\n$9\r\n127.0.0.1\r\n$4\r\n9002\r\n$7\r\n3129543\r\n");

        Assert.Equal("master", reply[0].AsString());
        Assert.Equal(3129659, reply[1].AsInt64());
        Assert.Equal(2, reply[2].Count);
        Assert.Equal("9002", reply[2][1][1].AsString());
    }

    [Fact]
    public void ArrayElements_MayBeNullsAndErrors()
    {
        var reply = ReadOne("*4\r\n$-1\r\n-WRONGTYPE bad\r\n*-1\r\n+x\r\n");

        Assert.True(reply[0].IsNull);
        Assert.Equal("WRONGTYPE bad", reply[1].ErrorMessage);
        Assert.True(reply[2].IsNull);
        Assert.Equal("x", reply[3].AsString());
    }

    [Theory]
    [MemberData(nameof(CompleteReplies))]
    public void EveryProperPrefix_NeedsMoreDataAndConsumesNothing(string wire)
    {
        var bytes = Encoding.UTF8.GetBytes(wire);
        for (var length = 0; length < bytes.Length; length++)
        {
            var buffer = new ReadOnlySequence<byte>(bytes, 0, length);

            Assert.False(RespReader.TryRead(buffer, out _, out var consumed), $"prefix of {length} bytes");
            Assert.Equal(buffer.Start, consumed);
        }
    }

    [Theory]
    [MemberData(nameof(CompleteReplies))]
    public void SplitAtEveryByteIntoTwoSegments_ReadsTheSameReply(string wire)
    {
        var bytes = Encoding.UTF8.GetBytes(wire);
        var expected = ReadOne(wire).ToString();
        for (var split = 1; split < bytes.Length; split++)
        {
            var buffer = Segments.Create(bytes[..split], bytes[split..]);

            Assert.True(RespReader.TryRead(buffer, out var reply, out var consumed), $"split at {split}");
            Assert.Equal(expected, reply.ToString());
            Assert.Equal(buffer.End, consumed);
        }
    }

    [Theory]
    [MemberData(nameof(CompleteReplies))]
    public void OneByteSegments_ReadTheSameReply(string wire)
    {
        var bytes = Encoding.UTF8.GetBytes(wire);
        var buffer = Segments.Create(bytes.Select(b => new[] { b }).ToArray());

        Assert.True(RespReader.TryRead(buffer, out var reply, out _));
        Assert.Equal(ReadOne(wire).ToString(), reply.ToString());
    }

    [Fact]
    public void LargeBulkString_AcrossManySegments_IsReadWhole()
    {
        var payload = new byte[3 * 1024 * 1024 + 7];
        new Random(7).NextBytes(payload);
        var wire = Encoding.ASCII.GetBytes($"${payload.Length}\r\n").Concat(payload).Concat("\r\n"u8.ToArray()).ToArray();
        var chunks = wire.Chunk(64 * 1024).ToArray();

        Assert.False(RespReader.TryRead(Segments.Create(chunks[..^1]), out _, out _));
        Assert.True(RespReader.TryRead(Segments.Create(chunks), out var reply, out _));
        Assert.Equal(payload, reply.AsBytes());
    }

    [Fact]
    public void TwoRepliesInOneBuffer_AreReadInOrder()
    {
        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>("+OK\r\n:7\r\n$1"u8.ToArray()));

        Assert.True(RespReader.TryRead(ref reader, out var first));
        Assert.True(RespReader.TryRead(ref reader, out var second));
        Assert.False(RespReader.TryRead(ref reader, out _));
        Assert.Equal("OK", first.AsString());
        Assert.Equal(7, second.AsInt64());
        Assert.Equal(2, reader.Remaining);
    }

    [Theory]
    [InlineData("?what\r\n")]
    [InlineData(":12a\r\n")]
    [InlineData(":\r\n")]
    [InlineData("$-2\r\n")]
    [InlineData("*-5\r\n")]
    [InlineData("$3\r\nabcXY")]
    [InlineData("$abc\r\n")]
    public void MalformedInput_IsAProtocolError(string wire)
    {
        Assert.Throws<RedisProtocolException>(() => RespReader.TryRead(new ReadOnlySequence<byte>(Encoding.ASCII.GetBytes(wire)), out _, out _));
    }

    [Fact]
    public void NestingDeeperThanTheLimit_IsAProtocolError()
    {
        var wire = string.Concat(Enumerable.Repeat("*1\r\n", RespReader.MaxDepth + 1)) + ":1\r\n";

        Assert.Throws<RedisProtocolException>(() => RespReader.TryRead(new ReadOnlySequence<byte>(Encoding.ASCII.GetBytes(wire)), out _, out _));
    }

    [Fact]
    public void LineWithoutCrlfBeyondTheLimit_IsAProtocolError()
    {
        var wire = "+" + new string('a', RespReader.MaxLineLength + 10);

        Assert.Throws<RedisProtocolException>(() => RespReader.TryRead(new ReadOnlySequence<byte>(Encoding.ASCII.GetBytes(wire)), out _, out _));
    }

    private static RedisReply ReadOne(string wire)
    {
        var buffer = new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(wire));
        Assert.True(RespReader.TryRead(buffer, out var reply, out var consumed));
        Assert.Equal(buffer.End, consumed);
        return reply;
    }
}
