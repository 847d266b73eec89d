using Meeting.Sfu.Bench.Hosting;
using Meeting.Sfu.Bench.Janus;
using Meeting.Sfu.Bench.Peer;
using Meeting.Sfu.Bench.Phases;
using Microsoft.Extensions.Logging.Abstractions;

namespace Meeting.Sfu.Bench;

/// <summary>
/// <c>dotnet run -c Release --project tests/Meeting.Sfu.Bench [-- --quick] [--consumers 8] [--seconds 10]</c>:
/// baseline (loopback UDP, SRTP cost) → SFU forwarding → added latency → memory per transport, then
/// one table. Every loop is bounded in count and time; the whole run is bounded by a watchdog.
/// </summary>
internal static class Program
{
    private const int JanusOnlyRate = 4000;

    public static async Task<int> Main(string[] args)
    {
        BenchOptions options;
        try
        {
            options = BenchOptions.Parse(args);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException)
        {
            Console.Error.WriteLine(ex.Message);
            return 2;
        }

        using var watchdog = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        if (options.JanusOnly)
        {
            // Janus alone, at a fixed input rate: to check that it can be driven on this box.
            var alone = await JanusPhase.RunAsync(options, BrowserCertificate.Generate(), JanusOnlyRate, watchdog.Token);
            Console.WriteLine(alone.Ran
                ? $"Janus: sent {alone.Sent:N0}, received {alone.Received:N0} in {alone.Seconds:0.00} s; {alone.CpuMicrosecondsPerForwarded:0.00} us Janus CPU per forwarded packet; auth failures {alone.Failed} of {alone.Verified + alone.Failed}"
                : $"Janus: NOT MEASURED: {alone.Blocked}");
            return alone.Ran ? 0 : 1;
        }

        Console.WriteLine($"baseline: loopback UDP and SRTP ({options.Seconds:0.#} s each) ...");
        var baseline = BaselinePhase.Run(options);

        using var meters = new BenchMeterFactory();
        using var metrics = new SfuMetrics(meters);
        var sfuOptions = new SfuOptions
        {
            ListenIp = "127.0.0.1",
            Port = 0,
            // The bench peers send one check only: keep consent for the whole run (RFC 7675's 30 s would end it).
            ConsentTimeout = TimeSpan.FromMinutes(20),
            MaxTransports = 1000,
        };
        using var worker = MediaWorker.Start(sfuOptions, metrics, TimeProvider.System, NullLogger.Instance);
        var certificate = BrowserCertificate.Generate();

        Console.WriteLine($"SFU: connecting 1 publisher and {options.Consumers} subscribers on {worker.LocalEndPoint} ...");
        using var room = await SfuRoom.OpenAsync(worker, "bench", certificate, options.Profile, options.Consumers, watchdog.Token);
        // Warm up the forwarding path (JIT tiers, socket buffers) before measuring.
        ForwardingPhase.Run(worker, room, TimeSpan.FromSeconds(options.Quick ? 0.5 : 2), options.WakingReceivers);
        Console.WriteLine($"SFU: forwarding, unpaced, {options.Seconds:0.#} s ...");
        var forwarding = ForwardingPhase.Run(worker, room, options.Duration, options.WakingReceivers);
        // Unpaced, the publisher outruns the SFU and the kernel drops at its socket: loss is measured
        // again at 80 % of the input rate the SFU just sustained.
        var pacedRate = (int)Math.Max(100, 0.8 * forwarding.ForwardedPerSecond / options.Consumers);
        Console.WriteLine($"SFU: forwarding, paced at {pacedRate:N0} packets/s in, {options.Seconds:0.#} s ...");
        var paced = ForwardingPhase.Run(worker, room, options.Duration, options.WakingReceivers, pacedRate);
        Console.WriteLine($"latency: {options.LatencyPacketsPerSecond} packets/s for {options.LatencySeconds:0.#} s via the SFU, then over a raw hop ...");
        var latency = LatencyPhase.Run(room, options);
        Console.WriteLine($"memory: {options.Transports} subscriber transports ...");
        var memory = await MemoryPhase.RunAsync(worker, certificate, options.Profile, options.Transports, watchdog.Token);
        Console.WriteLine($"Janus: VideoRoom, 1 publisher and {options.Consumers} subscribers, paced at {pacedRate:N0} packets/s in, {options.Seconds:0.#} s ...");
        var janus = await JanusPhase.RunAsync(options, certificate, pacedRate, watchdog.Token);

        BenchReport.Print(options, baseline, forwarding, paced, latency, memory);
        BenchReport.PrintJanus(paced, janus);
        var drops = Enum.GetValues<DropCause>().Where(c => worker.Metrics.DroppedBy(c) > 0).Select(c => $"{c} {worker.Metrics.DroppedBy(c):N0}");
        Console.WriteLine($"SFU drops by cause: {string.Join(", ", drops.DefaultIfEmpty("none"))}");
        return 0;
    }
}
