namespace Meeting.WebRtc.Fuzz;

/// <summary>
/// A bounded, reproducible fuzz run of one target without instrumentation: its seeds, then inputs made
/// from them by the usual blind mutations (bit flips, byte overwrites with boundary values, inserts,
/// deletions, truncations, splices of two seeds) and some purely random ones. The same seed gives the
/// same inputs, so a crash is reproduced by running again.
/// </summary>
internal sealed class MutationRun
{
    private static readonly byte[] Interesting = [0x00, 0x01, 0x7F, 0x80, 0xFF, 0xFE, 0x20, 0x40];

    private readonly IFuzzTarget _target;
    private readonly Random _random;

    public MutationRun(IFuzzTarget target, Random random)
    {
        _target = target;
        _random = random;
    }

    /// <summary>Runs <paramref name="inputs"/> inputs; returns the first that threw, or null.</summary>
    public (byte[] Input, Exception Exception)? Execute(int inputs)
    {
        var seeds = _target.Seeds.Count > 0 ? _target.Seeds : [[0]];
        for (var i = 0; i < inputs; i++)
        {
            var input = i < seeds.Count ? seeds[i] : Mutate(seeds[_random.Next(seeds.Count)], seeds[_random.Next(seeds.Count)]);
            try
            {
                _target.Run(input);
            }
            catch (Exception ex)
            {
                return (input, ex);
            }
        }

        return null;
    }

    private byte[] Mutate(byte[] seed, byte[] other)
    {
        var data = new List<byte>(seed);
        var rounds = 1 + _random.Next(4);
        for (var r = 0; r < rounds; r++)
        {
            switch (_random.Next(8))
            {
                case 0 when data.Count > 0:
                    var bit = _random.Next(data.Count * 8);
                    data[bit / 8] ^= (byte)(1 << (bit % 8));
                    break;
                case 1 when data.Count > 0:
                    data[_random.Next(data.Count)] = Interesting[_random.Next(Interesting.Length)];
                    break;
                case 2:
                    data.Insert(_random.Next(data.Count + 1), (byte)_random.Next(256));
                    break;
                case 3 when data.Count > 0:
                    data.RemoveAt(_random.Next(data.Count));
                    break;
                case 4 when data.Count > 0:
                    var keep = _random.Next(data.Count);
                    data.RemoveRange(keep, data.Count - keep);
                    break;
                case 5:
                    var at = _random.Next(data.Count + 1);
                    var from = _random.Next(other.Length + 1);
                    data.InsertRange(at, other.Skip(from).Take(_random.Next(1, 64)));
                    break;
                case 6 when data.Count > 0:
                    data[_random.Next(data.Count)] = (byte)_random.Next(256);
                    break;
                default:
                    var random = new byte[_random.Next(0, 256)];
                    _random.NextBytes(random);
                    return random;
            }
        }

        return data.ToArray();
    }
}
