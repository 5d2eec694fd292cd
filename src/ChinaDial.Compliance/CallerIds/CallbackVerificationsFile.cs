using System;
using System.Diagnostics.CodeAnalysis;
using System.IO;
using System.Text;

namespace ChinaDial.Compliance;

/// <summary>
/// The file of call-back verifications that <see cref="CallerIdOptions.VerificationsFile"/> names, as the
/// <c>callback-verification</c> policy reads it: its header, and a check that a file reads, for a tool that records
/// verifications in it or checks it before the policy is built.
/// </summary>
public static class CallbackVerificationsFile
{
    /// <summary>The columns a verifications file starts with (a tool that creates one writes this line first); the
    /// policy needs <c>caller_id</c>, <c>verified_at</c> and <c>connect_version</c>, in any order.</summary>
    public const string Header = CallbackVerifications.Header;

    /// <summary>Whether <paramref name="path"/> reads as a verifications file, exactly as the policy reads it when it
    /// is built: a header naming the columns, then one row per verification.</summary>
    /// <param name="path">The file.</param>
    /// <param name="problem">When it does not read: why, naming the file and the line.</param>
    /// <returns>Whether every row reads.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is <see langword="null"/>.</exception>
    /// <exception cref="IOException">The file cannot be opened or read (it does not exist, for one).</exception>
    /// <exception cref="UnauthorizedAccessException">The file may not be read.</exception>
    public static bool TryValidate(string path, [NotNullWhen(false)] out string? problem)
    {
        ArgumentNullException.ThrowIfNull(path);
        try
        {
            CallbackVerifications.Read(path);
            problem = null;
            return true;
        }
        catch (Exception error) when (error is InvalidDataException or DecoderFallbackException)
        {
            problem = error.Message;
            return false;
        }
    }
}
