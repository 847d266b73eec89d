namespace Meeting.SignalR.Redis;

/// <summary>
/// No server acknowledged a group change in time: the connection is on no live server (it has gone, or its server
/// is down), or the backplane is unreachable. The change may or may not have been made.
/// </summary>
public sealed class BackplaneTimeoutException : IOException
{
    /// <summary>Creates the exception.</summary>
    public BackplaneTimeoutException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    public BackplaneTimeoutException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
