using System;
using System.Collections.Generic;

namespace ChinaDial.Compliance;

/// <summary>The compliance options are invalid; <see cref="Errors"/> lists every problem found.</summary>
public sealed class ChinaDialComplianceOptionsException : Exception
{
    /// <summary>Creates the exception for <paramref name="errors"/>.</summary>
    public ChinaDialComplianceOptionsException(IReadOnlyList<string> errors)
        : base("Invalid ChinaDialCompliance options:" + Environment.NewLine + string.Join(Environment.NewLine, errors ?? []))
        => Errors = errors ?? [];

    /// <summary>Creates the exception with a message.</summary>
    public ChinaDialComplianceOptionsException()
        : this([])
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public ChinaDialComplianceOptionsException(string message)
        : base(message) => Errors = [message];

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    public ChinaDialComplianceOptionsException(string message, Exception innerException)
        : base(message, innerException) => Errors = [message];

    /// <summary>Every problem found, one sentence each, naming the configuration key.</summary>
    public IReadOnlyList<string> Errors { get; }
}
