using System.Diagnostics.Metrics;

namespace Meeting.Sfu.Bench.Hosting;

/// <summary>The one <see cref="IMeterFactory"/> the SFU's metrics need, without a DI container.</summary>
internal sealed class BenchMeterFactory : IMeterFactory
{
    private readonly List<Meter> _meters = [];

    public Meter Create(MeterOptions options)
    {
        var meter = new Meter(options);
        _meters.Add(meter);
        return meter;
    }

    public void Dispose()
    {
        foreach (var meter in _meters)
        {
            meter.Dispose();
        }
    }
}
