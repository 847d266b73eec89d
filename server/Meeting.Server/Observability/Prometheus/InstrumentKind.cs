namespace Meeting.Server.Observability.Prometheus;

/// <summary>The System.Diagnostics.Metrics instrument types, which decide how measurements aggregate.</summary>
internal enum InstrumentKind
{
    /// <summary>Measurements are increments; exported as a counter.</summary>
    Counter,

    /// <summary>Measurements are running totals read at scrape time; exported as a counter.</summary>
    ObservableCounter,

    /// <summary>Measurements are increments that may be negative; exported as a gauge.</summary>
    UpDownCounter,

    /// <summary>Measurements are running totals read at scrape time; exported as a gauge.</summary>
    ObservableUpDownCounter,

    /// <summary>Each measurement replaces the last; exported as a gauge.</summary>
    Gauge,

    /// <summary>Values read at scrape time; exported as a gauge.</summary>
    ObservableGauge,

    /// <summary>Each measurement falls into a bucket; exported as a histogram.</summary>
    Histogram,
}
