namespace Meeting.EndToEnd.Tests.Infrastructure;

/// <summary>One server and one Chromium for all end-to-end tests, which run one after another: each
/// drives real browsers with real media, and this machine has two cores.</summary>
[CollectionDefinition(Name)]
public sealed class EndToEndCollection : ICollectionFixture<KestrelMeetingServer>, ICollectionFixture<ChromiumFixture>
{
    public const string Name = "end-to-end";
}
