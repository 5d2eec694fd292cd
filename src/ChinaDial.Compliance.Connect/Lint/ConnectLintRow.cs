using System.Collections.Generic;

namespace ChinaDial.Compliance.Connect;

/// <summary>One problem the lint found.</summary>
/// <param name="Code">A stable snake_case code (see <see cref="ConnectConfigurationLint"/>).</param>
/// <param name="Message">What is wrong and what to do, numbers masked.</param>
public sealed record ConnectLintFinding(string Code, string Message);

/// <summary>One linted quick connect or contact flow.</summary>
/// <param name="Kind"><c>quick_connect</c> or <c>contact_flow</c>.</param>
/// <param name="Id">Its id.</param>
/// <param name="Name">Its name.</param>
/// <param name="Type">Its Connect type (<c>QUEUE</c>, <c>PHONE_NUMBER</c>, ...; <c>QUEUE_TRANSFER</c>, ...).</param>
/// <param name="Findings">Every problem (empty when it follows the China guidance).</param>
public sealed record ConnectLintRow(string Kind, string? Id, string? Name, string? Type, IReadOnlyList<ConnectLintFinding> Findings)
{
    /// <summary>Whether it follows the China guidance.</summary>
    public bool IsCompliant => Findings.Count == 0;
}
