using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(ChinaDial.Compliance.Benchmarks.Numbers.ClassifyBenchmarks).Assembly).Run(args);
