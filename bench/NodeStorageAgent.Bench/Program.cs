using NodeStorageAgent.Bench.Toml;

// Benchmarks, one subcommand each: dotnet run -c Release --project bench/NodeStorageAgent.Bench -- <name>
return args.FirstOrDefault() switch
{
    "toml" => TomlBench.Run(args.Skip(1).ToArray()),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: NodeStorageAgent.Bench <benchmark>\n  toml   parse/print/edit a generated 1 MB storage.conf and the real configs");
    return 2;
}
