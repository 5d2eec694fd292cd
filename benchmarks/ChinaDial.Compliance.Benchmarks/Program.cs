using BenchmarkDotNet.Running;
using ChinaDial.Compliance.Benchmarks.RefuseLists;

if (args is ["refuse-list-memory"])
{
    RefuseListMemory.Print();
    return;
}

if (args is ["campaign-loop", var stage, var seconds])
{
    // A steady loop of CampaignProfileBenchmarks' campaign for a sampling profiler (README: "Where the time goes").
    ChinaDial.Compliance.Benchmarks.Evaluation.CampaignProfileBenchmarks.Loop(stage, double.Parse(seconds, System.Globalization.CultureInfo.InvariantCulture));
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(ChinaDial.Compliance.Benchmarks.Numbers.ClassifyBenchmarks).Assembly).Run(args);
