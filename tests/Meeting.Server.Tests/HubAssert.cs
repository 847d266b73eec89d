using Meeting.Testing;

namespace Meeting.Server.Tests;

internal static class HubAssert
{
    /// <summary>Asserts that a hub call is refused with <paramref name="code"/>.</summary>
    public static async Task RejectsAsync(string code, Func<Task> call)
    {
        var error = await Assert.ThrowsAsync<HubCallException>(call);
        Assert.Equal(code, error.Code);
    }
}
