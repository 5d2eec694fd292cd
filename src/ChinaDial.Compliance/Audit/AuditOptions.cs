using System.Collections.Generic;

namespace ChinaDial.Compliance;

/// <summary>How audit records hash phone numbers. Bound from the <c>ChinaDialCompliance:Audit</c> section.</summary>
public sealed class AuditOptions
{
    /// <summary>
    /// The secret pepper of the numbers' keyed hashes (HMAC-SHA256), at least 16 characters; keep it secret and stable
    /// so that hashes of one number match across runs. When empty, a random pepper is drawn per process: hashes then
    /// match only within one run.
    /// </summary>
    public string? Pepper { get; set; }

    /// <summary>Adds the problem of the pepper, if any, to <paramref name="errors"/>.</summary>
    internal void Validate(ICollection<string> errors, string path)
    {
        if (!string.IsNullOrEmpty(Pepper) && Pepper.Length < 16)
        {
            errors.Add($"{path}:Pepper must be at least 16 characters (or empty for a random one per process).");
        }
    }

    private (string? Pepper, NumberPseudonymizer Pseudonymizer)? _pseudonymizer;

    /// <summary>The pseudonymizer of <see cref="Pepper"/> (its UTF-8 bytes; a random pepper when empty): one per pepper
    /// and options instance, so that every record and log line made from these options hashes a number alike, even
    /// with a random pepper. The evaluator's audit trail and log lines use it; a tool that finds a number's records in
    /// an audit file (to erase them) hashes the number with it.</summary>
    /// <returns>The same instance for as long as <see cref="Pepper"/> is unchanged.</returns>
    /// <exception cref="System.ArgumentException"><see cref="Pepper"/> is set but shorter than 16 bytes (the options'
    /// validation refuses it at start-up).</exception>
    public NumberPseudonymizer CreatePseudonymizer()
    {
        if (_pseudonymizer is { } cached && string.Equals(cached.Pepper, Pepper, System.StringComparison.Ordinal))
        {
            return cached.Pseudonymizer;
        }

        var created = new NumberPseudonymizer(string.IsNullOrEmpty(Pepper) ? System.Security.Cryptography.RandomNumberGenerator.GetBytes(32) : System.Text.Encoding.UTF8.GetBytes(Pepper));
        _pseudonymizer = (Pepper, created);
        return created;
    }
}
