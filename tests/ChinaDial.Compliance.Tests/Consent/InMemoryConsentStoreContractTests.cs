namespace ChinaDial.Compliance.Tests.Consent;

/// <summary>The consent store contract (<see cref="ConsentStoreContractTests"/>, in TestUtils) run by the in-memory store.</summary>
public sealed class InMemoryConsentStoreContractTests : ConsentStoreContractTests
{
    protected override IConsentStore NewStore() => new InMemoryConsentStore();

    protected override Task GrantAsync(IConsentStore store, ConsentRecord record)
    {
        ((InMemoryConsentStore)store).Grant(record);
        return Task.CompletedTask;
    }

    protected override Task RevokeAsync(IConsentStore store, string number, CallPurpose purpose, DateTimeOffset at)
    {
        ((InMemoryConsentStore)store).Revoke(number, purpose, at);
        return Task.CompletedTask;
    }

    protected override Task OptOutAsync(IConsentStore store, string number, CallPurpose? purpose, DateTimeOffset at)
    {
        ((InMemoryConsentStore)store).OptOut(number, purpose, at);
        return Task.CompletedTask;
    }
}
