namespace Meeting.Kit.Tests.Infrastructure;

/// <summary>The tests that drive the running kit share it and run one after another: they kill and stop its servers.</summary>
[CollectionDefinition(Name)]
public sealed class KitCollection : ICollectionFixture<KitFixture>
{
    public const string Name = "kit";
}
