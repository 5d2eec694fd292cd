namespace ChinaDial.Compliance;

/// <summary>What a consent store knows about calling one number for one purpose at one instant, and, when a consent is
/// in force, which one (<see cref="IConsentStore.LookupAsync"/>).</summary>
public readonly struct ConsentLookup
{
    /// <summary>Creates an answer.</summary>
    /// <param name="status">The status.</param>
    /// <param name="evidence">For <see cref="ConsentStatus.Granted"/>, the consent in force; otherwise ignored.</param>
    public ConsentLookup(ConsentStatus status, ConsentEvidence? evidence = null)
    {
        Status = status;
        Evidence = status == ConsentStatus.Granted ? evidence : null;
    }

    /// <summary>The status.</summary>
    public ConsentStatus Status { get; }

    /// <summary>For <see cref="ConsentStatus.Granted"/>, the consent in force; <see langword="null"/> otherwise, or when
    /// the store keeps no evidence (then a purpose in <see cref="ConsentOptions.RequireProof"/> is <c>no_consent</c>).</summary>
    public ConsentEvidence? Evidence { get; }
}
