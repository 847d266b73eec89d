using System.Reflection;
using Meeting.WebRtc.Fuzz;

// Runs the parsers' fuzz targets.
//   dotnet run -c Release --project tests/Meeting.WebRtc.Fuzz -- all --inputs 20000 [--seed 1]
//       every target over its seeds and a bounded number of mutated inputs, in-process (what CI runs);
//       prints one line per target and exits 1 when any input made a parser throw.
//   dotnet run -c Release --project tests/Meeting.WebRtc.Fuzz -- libfuzzer stun
//       one target under libFuzzer, after instrumenting the WebRtc assembly with SharpFuzz (README.md).
var targets = typeof(IFuzzTarget).Assembly.GetTypes()
    .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IFuzzTarget).IsAssignableFrom(t))
    .Select(t => (IFuzzTarget)Activator.CreateInstance(t)!)
    .OrderBy(t => t.Name, StringComparer.Ordinal)
    .ToArray();

if (args.Length == 0)
{
    Console.Error.WriteLine($"usage: (all|{string.Join('|', targets.Select(t => t.Name))}) [--inputs N] [--seed S] | libfuzzer TARGET");
    return 2;
}

if (args[0] == "libfuzzer")
{
    var target = targets.Single(t => t.Name == args[1]);
    SharpFuzz.Fuzzer.LibFuzzer.Run(span => target.Run(span));
    return 0;
}

var inputs = OptionValue("--inputs", 20_000);
var seed = OptionValue("--seed", 1);
var selected = args[0] == "all" ? targets : targets.Where(t => t.Name == args[0]).ToArray();
if (selected.Length == 0)
{
    Console.Error.WriteLine($"no fuzz target named {args[0]}");
    return 2;
}

var crashed = 0;
foreach (var target in selected)
{
    var run = new MutationRun(target, new Random(seed));
    var crash = run.Execute(inputs);
    if (crash is null)
    {
        Console.WriteLine($"fuzz {target.Name}: {inputs} inputs, 0 crashes");
    }
    else
    {
        crashed++;
        Console.WriteLine($"fuzz {target.Name}: CRASH {crash.Value.Exception.GetType().Name}: {crash.Value.Exception.Message}");
        Console.WriteLine($"  input ({crash.Value.Input.Length} bytes): {Convert.ToHexString(crash.Value.Input)}");
    }
}

Console.WriteLine($"{selected.Length - crashed} passed, {crashed} failed");
return crashed == 0 ? 0 : 1;

int OptionValue(string name, int fallback)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length && int.TryParse(args[index + 1], out var value) ? value : fallback;
}
