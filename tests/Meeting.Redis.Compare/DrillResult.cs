namespace Meeting.Redis.Compare;

/// <summary>What one drill measured for one stack. Times are in milliseconds, counted from the fault unless named otherwise; NaN = did not happen.</summary>
internal sealed record DrillResult
{
    public required DrillKind Drill { get; init; }

    public required string Stack { get; init; }

    public double SettledMs { get; init; }

    public double FirstAckMs { get; init; }

    /// <summary>The first write acknowledged after the fault and issued after the last lost write: from here on, writes land on the master that keeps them.</summary>
    public double FirstKeptAckMs { get; init; }

    public int WritesIssued { get; init; }

    public int WritesAcked { get; init; }

    public int WritesFailed { get; init; }

    public int WritesLost { get; init; }

    public double LastLostIssuedMs { get; init; }

    public double LongestStallMs { get; init; }

    public int AllSent { get; init; }

    public int AllLost { get; init; }

    public double AllLongestLossMs { get; init; }

    public int GroupSent { get; init; }

    public int GroupLost { get; init; }

    public double GroupLongestLossMs { get; init; }

    public int SendFailures { get; init; }

    public double LongestSendMs { get; init; }

    public double LongestGroupCallLiveMs { get; init; }

    public double LongestGroupCallDeadMs { get; init; }

    public string Notes { get; init; } = string.Empty;
}
