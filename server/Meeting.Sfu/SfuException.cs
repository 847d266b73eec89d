namespace Meeting.Sfu;

/// <summary>A media request refused before it changed anything; <see cref="Code"/> is the hub's error code.</summary>
public sealed class SfuException : Exception
{
    public SfuException(string code, string message)
        : base(message)
    {
        Code = code;
    }

    public string Code { get; }
}
