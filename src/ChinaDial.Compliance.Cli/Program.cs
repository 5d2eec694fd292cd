using System;
using ChinaDial.Compliance.Cli;

using var stdout = Console.OpenStandardOutput();
return ChinaDialCli.Run(args, stdout, Console.Error);
