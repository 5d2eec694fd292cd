using System;
using System.Collections.Generic;
using System.IO;

namespace ChinaDial.Compliance.Cli.Report;

/// <summary>
/// Where <c>report</c> writes its page, checked before the replay (a missing folder, a directory, a folder or file that
/// cannot be written, or one of the input files stops the run at once with exit 2): an empty scratch file is created
/// beside the target then; the page goes into it and replaces the target only when whole, so a failed run leaves an
/// earlier report as it was.
/// </summary>
internal sealed class ReportFile : IDisposable
{
    private readonly string _target;
    private readonly string _scratch;

    private ReportFile(string target, string scratch)
    {
        _target = target;
        _scratch = scratch;
    }

    /// <summary>The path as given.</summary>
    public required string Name { get; init; }

    /// <exception cref="InputException">The page could not be written to <paramref name="target"/>.</exception>
    public static ReportFile Open(string target, IEnumerable<string?> inputs)
    {
        if (string.IsNullOrWhiteSpace(target))
        {
            throw new InputException("--out is empty: name the HTML file to write.");
        }

        string full;
        try
        {
            full = Path.GetFullPath(target);
        }
        catch (Exception error) when (error is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw new InputException($"--out {target}: not a file name ({error.Message})", error);
        }

        if (Directory.Exists(full) || target.EndsWith(Path.DirectorySeparatorChar) || target.EndsWith(Path.AltDirectorySeparatorChar))
        {
            throw new InputException($"--out {target}: is a directory; name the HTML file to write (e.g. {Path.Combine(target, "chinadial-report.html")}).");
        }

        var folder = Path.GetDirectoryName(full) ?? full;
        if (!Directory.Exists(folder))
        {
            throw new InputException($"--out {target}: the folder {folder} does not exist.");
        }

        foreach (var input in inputs)
        {
            if (!string.IsNullOrWhiteSpace(input) && string.Equals(FullPathOrSelf(input), full, StringComparison.Ordinal))
            {
                throw new InputException($"--out {target}: is an input file of this run; the report would replace it.");
            }
        }

        var scratch = Path.Combine(folder, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            if (File.Exists(full))
            {
                // Opened for writing, not truncated: only whether it may be replaced is learnt.
                using (new FileStream(full, FileMode.Open, FileAccess.Write))
                {
                }
            }

            using (new FileStream(scratch, FileMode.CreateNew, FileAccess.Write))
            {
            }
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            throw new InputException($"--out {target}: cannot be written: {error.Message}", error);
        }

        return new ReportFile(full, scratch) { Name = target };
    }

    private static string FullPathOrSelf(string path)
    {
        try
        {
            return Path.GetFullPath(path);
        }
        catch (Exception error) when (error is ArgumentException or NotSupportedException or PathTooLongException)
        {
            return path;
        }
    }

    /// <summary>Writes <paramref name="html"/> and puts it in the target's place.</summary>
    /// <exception cref="InputException">The page could not be written.</exception>
    public void Write(string html)
    {
        try
        {
            File.WriteAllText(_scratch, html);
            File.Move(_scratch, _target, overwrite: true);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            throw new InputException($"--out {Name}: cannot be written: {error.Message}", error);
        }
    }

    /// <summary>Removes the scratch file if the page was not written.</summary>
    public void Dispose()
    {
        try
        {
            File.Delete(_scratch);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            // Left behind: a hidden empty file beside the target.
        }
    }
}
