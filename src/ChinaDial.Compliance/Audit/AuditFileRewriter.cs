using System;
using System.IO;

namespace ChinaDial.Compliance;

/// <summary>Rewrites a JSON Lines audit file (as <see cref="JsonLinesAuditSink"/> writes it) keeping some of its lines,
/// atomically: the kept lines go to a new file beside it, which then replaces it (a reader sees the old file whole or
/// the new one whole; a failure leaves the old one as it was). The sink erases a number's records with it; a tool that
/// enforces the audit retention or erases records offline uses it too, so that both rewrite alike.</summary>
public static class AuditFileRewriter
{
    /// <summary>Rewrites <paramref name="path"/> with the lines <paramref name="keep"/> keeps (blank lines dropped);
    /// nothing is written when every line is kept.</summary>
    /// <param name="path">The audit file.</param>
    /// <param name="keep">Whether a line (its UTF-8 bytes, without the line break) is kept; called once per line that
    /// is not blank, in file order.</param>
    /// <returns>How many lines were kept and removed.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> or <paramref name="keep"/> is <see langword="null"/>.</exception>
    /// <exception cref="IOException">The file cannot be read or replaced.</exception>
    public static (long Kept, long Removed) Rewrite(string path, Func<ReadOnlySpan<byte>, bool> keep)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(keep);
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var temporary = Path.Combine(directory, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        long kept = 0, removed = 0;
        try
        {
            using (var input = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1 << 16, FileOptions.SequentialScan))
            using (var output = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                var buffer = new byte[1 << 16];
                var line = new MemoryStream();
                int read;
                while ((read = input.Read(buffer, 0, buffer.Length)) > 0)
                {
                    var chunk = buffer.AsSpan(0, read);
                    while (true)
                    {
                        var end = chunk.IndexOf((byte)'\n');
                        if (end < 0)
                        {
                            line.Write(chunk);
                            break;
                        }

                        line.Write(chunk[..end]);
                        Emit(line, output, keep, ref kept, ref removed);
                        chunk = chunk[(end + 1)..];
                    }
                }

                Emit(line, output, keep, ref kept, ref removed);
                output.Flush(flushToDisk: true);
            }

            if (removed == 0)
            {
                File.Delete(temporary);
                return (kept, 0);
            }

            File.Move(temporary, path, overwrite: true);
            return (kept, removed);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    private static void Emit(MemoryStream line, FileStream output, Func<ReadOnlySpan<byte>, bool> keep, ref long kept, ref long removed)
    {
        var bytes = line.GetBuffer().AsSpan(0, (int)line.Length);
        line.SetLength(0);
        if (IsBlank(bytes))
        {
            return;
        }

        if (keep(bytes))
        {
            output.Write(bytes);
            output.WriteByte((byte)'\n');
            kept++;
        }
        else
        {
            removed++;
        }
    }

    private static bool IsBlank(ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
        {
            if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Whether <paramref name="line"/> holds <paramref name="quotedHash"/> (a number's hash in quotes, as a
    /// JSON string value).</summary>
    internal static bool Mentions(ReadOnlySpan<byte> line, ReadOnlySpan<byte> quotedHash) => line.IndexOf(quotedHash) >= 0;
}
