namespace ChinaDial.Compliance.Cli;

/// <summary>The tool's exit codes (a stable contract, see DESIGN.md).</summary>
internal static class ExitCodes
{
    /// <summary>Every row passed.</summary>
    public const int AllPassed = 0;

    /// <summary>At least one row was denied, deferred or non-compliant.</summary>
    public const int SomeFailed = 1;

    /// <summary>Bad usage or unreadable input; the message names the file and line.</summary>
    public const int BadInput = 2;
}
