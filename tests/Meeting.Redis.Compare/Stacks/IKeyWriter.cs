namespace Meeting.Redis.Compare.Stacks;

/// <summary>The one write the drills make: <c>SET key value</c>; completing without an exception means acknowledged.</summary>
internal interface IKeyWriter : IAsyncDisposable
{
    Task SetAsync(string key, long value);
}
