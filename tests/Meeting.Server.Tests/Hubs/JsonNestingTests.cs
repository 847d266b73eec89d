using System.Buffers;
using System.Text;
using Meeting.Server.Hubs;

namespace Meeting.Server.Tests.Hubs;

public sealed class JsonNestingTests
{
    [Fact]
    public void Exceeds_AtTheLimit_IsFalse_AndOneLevelDeeper_IsTrue()
    {
        Assert.False(JsonNesting.Exceeds(Record(Nested(4)), maxNesting: 4));
        Assert.True(JsonNesting.Exceeds(Record(Nested(5)), maxNesting: 4));
    }

    [Fact]
    public void Exceeds_WithManyBracketsInsideStrings_IsFalse()
    {
        var record = Record($"{{\"text\":\"{new string('{', 50)}{new string('[', 50)}\",\"list\":[1,2,3]}}");

        Assert.False(JsonNesting.Exceeds(record, maxNesting: 4));
    }

    [Fact]
    public void Exceeds_CountsBracketsAcrossSegments()
    {
        var bytes = Encoding.UTF8.GetBytes(Nested(6));
        var first = new Segment(bytes.AsMemory(0, bytes.Length / 2));
        var last = first.Append(bytes.AsMemory(bytes.Length / 2));

        Assert.True(JsonNesting.Exceeds(new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length), maxNesting: 4));
    }

    /// <summary><c>{"a":{"a":...{}}}</c>, <paramref name="levels"/> objects deep.</summary>
    private static string Nested(int levels)
        => string.Concat(Enumerable.Repeat("{\"a\":", levels - 1)) + "{}" + new string('}', levels - 1);

    private static ReadOnlySequence<byte> Record(string json) => new(Encoding.UTF8.GetBytes(json));

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory) => Memory = memory;

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory) { RunningIndex = RunningIndex + Memory.Length };
            Next = next;
            return next;
        }
    }
}
