using System;

namespace ChinaDial.Compliance.Cli.Replay;

/// <summary>The evaluation of one row threw: a defect, not bad input (a row the tool can read always gets a
/// decision). Names the row, so that it can be reported and worked around.</summary>
internal sealed class ReplayFailedException : Exception
{
    public ReplayFailedException(string path, long line, Exception innerException)
        : base($"{path}:{line}: evaluating this row failed: {innerException?.GetType().Name}: {innerException?.Message}", innerException)
    {
    }

    public ReplayFailedException()
    {
    }

    public ReplayFailedException(string message)
        : base(message)
    {
    }

    public ReplayFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
