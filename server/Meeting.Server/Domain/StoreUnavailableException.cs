namespace Meeting.Server.Domain;

/// <summary>The shared store (Redis) could not answer: the caller may retry, nothing was half-done on our side.</summary>
public sealed class StoreUnavailableException : Exception
{
    public StoreUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
