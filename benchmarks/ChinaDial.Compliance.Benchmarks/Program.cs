using BenchmarkDotNet.Running;
using ChinaDial.Compliance.Benchmarks.RefuseLists;

if (args is ["refuse-list-memory"])
{
    RefuseListMemory.Print();
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(ChinaDial.Compliance.Benchmarks.Numbers.ClassifyBenchmarks).Assembly).Run(args);
