using Orders.Benchmark;

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
