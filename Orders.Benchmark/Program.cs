using Orders.Benchmark;
using Orders.Benchmark.Chaos;

if (args is ["chaos" or "chaos-check", ..])
{
    var checkOnly = args[0] == "chaos-check";
    var chaos = ChaosOptions.Parse(args[1..], checkOnly, out var chaosError);
    if (chaos is null)
    {
        await (chaosError is null ? Console.Out : Console.Error).WriteLineAsync(chaosError is null ? ChaosOptions.Usage : $"error: {chaosError}\n{ChaosOptions.Usage}");
        return chaosError is null ? 0 : 2;
    }
    if (!checkOnly)
        return await ChaosRun.RunAsync(chaos, Console.Out);
    var figures = await ChaosCheck.RunAsync(chaos);
    Console.WriteLine(figures.ToJsonString());
    return (bool)figures["ok"]! ? 0 : 1;
}

var options = BenchmarkOptions.Parse(args, out var error);
if (options is null)
{
    if (error is null)
    {
        Console.WriteLine(BenchmarkOptions.Usage);
        return 0;
    }
    await Console.Error.WriteLineAsync($"error: {error}");
    await Console.Error.WriteLineAsync(BenchmarkOptions.Usage);
    return 2;
}

return await BenchmarkRun.RunAsync(options, Console.Out);
