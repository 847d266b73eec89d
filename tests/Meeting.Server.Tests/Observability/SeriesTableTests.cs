using Meeting.Server.Observability;

namespace Meeting.Server.Tests.Observability;

public sealed class SeriesTableTests
{
    [Fact]
    public void Get_SameTagsAgain_FindsTheSeriesItCreated()
    {
        var created = 0;
        var table = new SeriesTable<object>(_ => { created++; return new object(); }, maxSeries: 100);

        var first = table.Get([new("code", "a"), new("status", 200)]);
        var again = table.Get([new("code", "a"), new("status", 200)]);
        var other = table.Get([new("code", "a"), new("status", 404)]);

        Assert.Same(first, again);
        Assert.NotSame(first, other);
        Assert.Equal(2, created);
    }

    [Fact]
    public void Get_ManyTagSets_KeepsEachApartAsTheTableGrows()
    {
        var table = new SeriesTable<string>(tags => (string)tags[0].Value!, maxSeries: 1000);

        var series = Enumerable.Range(0, 500).Select(i => table.Get([new("n", i.ToString(System.Globalization.CultureInfo.InvariantCulture))])).ToList();

        Assert.Equal(Enumerable.Range(0, 500).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), series);
        Assert.Equal("123", table.Get([new("n", "123")]));
        Assert.Equal(500, table.All().Count());
    }

    [Fact]
    public void Get_BeyondMaxSeries_ReturnsNullAndSaysItOverflowed()
    {
        var table = new SeriesTable<object>(_ => new object(), maxSeries: 2);
        Assert.NotNull(table.Get([new("k", "1")]));
        Assert.NotNull(table.Get([new("k", "2")]));
        Assert.False(table.Overflowed);

        Assert.Null(table.Get([new("k", "3")]));
        Assert.True(table.Overflowed);
        Assert.NotNull(table.Get([new("k", "1")]));
    }

    [Fact]
    public void RemoveWhere_ForgetsThePickedSeries_SoTheirTagsCreateNewOnes()
    {
        var table = new SeriesTable<object>(_ => new object(), maxSeries: 10);
        var kept = table.Get([new("k", "kept")]);
        var gone = table.Get([new("k", "gone")]);

        table.RemoveWhere(series => ReferenceEquals(series, gone));

        Assert.Same(kept, table.Get([new("k", "kept")]));
        Assert.NotSame(gone, table.Get([new("k", "gone")]));
    }
}
