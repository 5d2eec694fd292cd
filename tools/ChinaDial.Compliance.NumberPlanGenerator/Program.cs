using System;
using System.Diagnostics;
using System.IO;
using ChinaDial.Compliance.NumberPlanGenerator;

// Usage: dotnet run --project tools/ChinaDial.Compliance.NumberPlanGenerator -- src/ChinaDial.Compliance/Numbers/NumberPlan.g.cs
if (args.Length != 1)
{
    Console.Error.WriteLine("usage: NumberPlanGenerator OUTPUT.cs");
    return 2;
}

var watch = Stopwatch.StartNew();
var source = NumberPlanSource.Generate(out var states);
File.WriteAllText(args[0], source);
Console.WriteLine($"wrote {args[0]}: {states} states, {source.Length / 1024} KiB, {watch.Elapsed.TotalSeconds:0.0} s");
return 0;
