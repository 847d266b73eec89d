using System.Globalization;
using Meeting.WebRtc.Srtp;

namespace Meeting.Sfu.Bench;

/// <summary>Command line: <c>[--quick] [--consumers N] [--seconds S] [--transports M] [--profile gcm|cm] [--waking-receivers] [--janus-only]</c>.</summary>
internal sealed record BenchOptions
{
    public bool Quick { get; init; }

    /// <summary>Subscribers of the one publisher.</summary>
    public int Consumers { get; init; } = 8;

    /// <summary>Length of the throughput phase (and of each baseline loop).</summary>
    public double Seconds { get; init; } = 10;

    /// <summary>Subscriber transports connected in the memory phase.</summary>
    public int Transports { get; init; } = 200;

    public SrtpProfile Profile { get; init; } = SrtpProfile.AeadAes128Gcm;

    /// <summary>Throughput receivers sleep on their sockets, so every packet also wakes one on the
    /// sender's clock (see <c>Peer/ReceiverWait.cs</c>); off by default.</summary>
    public bool WakingReceivers { get; init; }

    /// <summary>Only the Janus phase, at a fixed input rate.</summary>
    public bool JanusOnly { get; init; }

    /// <summary>Publisher rate of the latency phase: light load, so queueing is the SFU's own.</summary>
    public int LatencyPacketsPerSecond { get; init; } = 2000;

    public double LatencySeconds => Quick ? 2 : 5;

    public TimeSpan Duration => TimeSpan.FromSeconds(Seconds);

    public static BenchOptions Parse(string[] args)
    {
        var options = new BenchOptions();
        if (args.Contains("--quick"))
        {
            options = options with { Quick = true, Seconds = 2, Transports = 50 };
        }

        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            options = args[i] switch
            {
                "--quick" => options,
                "--waking-receivers" => options with { WakingReceivers = true },
                "--janus-only" => options with { JanusOnly = true },
                "--consumers" => options with { Consumers = Math.Clamp(int.Parse(Next(), CultureInfo.InvariantCulture), 1, 64) },
                "--seconds" => options with { Seconds = Math.Clamp(double.Parse(Next(), CultureInfo.InvariantCulture), 0.5, 120) },
                "--transports" => options with { Transports = Math.Clamp(int.Parse(Next(), CultureInfo.InvariantCulture), 1, 900) },
                "--profile" => options with
                {
                    Profile = Next() switch
                    {
                        "gcm" => SrtpProfile.AeadAes128Gcm,
                        "cm" => SrtpProfile.Aes128CmHmacSha1_80,
                        var other => throw new ArgumentException($"--profile gcm|cm, not {other}"),
                    },
                },
                var other => throw new ArgumentException($"unknown argument {other}; use [--quick] [--consumers N] [--seconds S] [--transports M] [--profile gcm|cm] [--waking-receivers] [--janus-only]"),
            };
        }

        return options;
    }
}
