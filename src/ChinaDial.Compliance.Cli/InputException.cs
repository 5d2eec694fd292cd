using System;

namespace ChinaDial.Compliance.Cli;

/// <summary>Input the tool cannot read: it stops with <see cref="ExitCodes.BadInput"/> and this message.</summary>
internal sealed class InputException : Exception
{
    public InputException(string message)
        : base(message)
    {
    }

    public InputException(string file, long line, string message)
        : base($"{file}:{line}: {message}")
    {
    }

    public InputException()
    {
    }

    public InputException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
