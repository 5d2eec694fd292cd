using System;
using ChinaDial.Compliance.Cli;

return ChinaDialCli.Run(args, Console.Out, Console.Error);
