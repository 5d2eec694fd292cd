namespace ChinaDial.Compliance.Redis.Tests;

/// <summary>Retention of consents in Redis, by the server's clock: what ended long enough ago goes on every write and
/// on the sweep, a key with nothing in force expires by its TTL, a consent in force or an opt-out never does.</summary>
public sealed class RedisRetentionTests(FastRedis redis) : IClassFixture<FastRedis>
{
    private static readonly RetentionOptions OneDay = new() { ConsentsAfterRevocation = TimeSpan.FromDays(1) };
    private static readonly PhoneNumberInfo Callee = PhoneNumberClassifier.Classify(TestNumbers.CnMobile);

    private static DateTimeOffset Now => TimeProvider.System.GetUtcNow();

    [Fact]
    public async Task A_consent_revoked_longer_ago_than_the_retention_is_dropped_when_written_and_its_key_is_deleted()
    {
        var gateway = redis.Gateway();
        var store = new RedisConsentStore(gateway, OneDay);
        await store.GrantAsync(new ConsentRecord(TestNumbers.CnMobile, CallPurpose.Marketing, Now.AddDays(-10), Now.AddDays(-2), "form-1"));

        Assert.False(await redis.Connection.GetDatabase().KeyExistsAsync(gateway.Keys.Consent(Callee.Key)));
    }

    [Fact]
    public async Task A_key_with_nothing_in_force_expires_the_retention_after_its_last_revocation()
    {
        var gateway = redis.Gateway();
        var store = new RedisConsentStore(gateway, OneDay);
        await store.GrantAsync(new ConsentRecord(TestNumbers.CnMobile, CallPurpose.Marketing, Now.AddDays(-10), Now.AddHours(-1), "form-1"));

        var ttl = await redis.Connection.GetDatabase().KeyTimeToLiveAsync(gateway.Keys.Consent(Callee.Key));
        Assert.InRange(ttl!.Value, TimeSpan.FromHours(22), TimeSpan.FromHours(23));
        Assert.Equal("form-1", (await store.LookupAsync(Callee, CallPurpose.Marketing, Now.AddDays(-5), default)).Evidence!.Proof);
    }

    [Fact]
    public async Task A_consent_in_force_or_an_opt_out_keeps_its_key_without_a_TTL()
    {
        var gateway = redis.Gateway();
        var store = new RedisConsentStore(gateway, OneDay);
        await store.GrantAsync(new ConsentRecord(TestNumbers.CnMobile, CallPurpose.Marketing, Now.AddDays(-400), Proof: "form-1"));
        await store.OptOutAsync("+8613900139000", CallPurpose.Marketing, Now.AddDays(-400));
        await store.RevokeAsync("+8613900139000", CallPurpose.Marketing, Now.AddDays(-300));

        var database = redis.Connection.GetDatabase();
        Assert.Null(await database.KeyTimeToLiveAsync(gateway.Keys.Consent(Callee.Key)));
        Assert.Null(await database.KeyTimeToLiveAsync(gateway.Keys.Consent(PhoneNumberClassifier.Classify("+8613900139000").Key)));
        Assert.Equal(ConsentStatus.OptedOut, await store.GetStatusAsync(PhoneNumberClassifier.Classify("+8613900139000"), CallPurpose.Marketing, Now, default));
    }

    [Fact]
    public async Task The_sweep_drops_what_ended_long_ago_in_keys_nobody_writes_to()
    {
        var prefix = $"sweep-{Guid.NewGuid():N}";
        var writer = new RedisConsentStore(redis.Gateway(prefix)); // no retention: keeps everything
        await writer.GrantAsync(new ConsentRecord(TestNumbers.CnMobile, CallPurpose.Marketing, Now.AddDays(-30), Now.AddDays(-20), "old-form", "old"));
        await writer.GrantAsync(new ConsentRecord(TestNumbers.CnMobile, CallPurpose.Marketing, Now.AddDays(-5), Proof: "new-form", Id: "new"));
        await writer.GrantAsync(new ConsentRecord("+8613900139000", CallPurpose.Service, Now.AddDays(-30), Now.AddDays(-20), "gone"));
        var gateway = redis.Gateway(prefix);

        var looked = await new RedisConsentStore(gateway, OneDay).PruneAsync();

        var database = redis.Connection.GetDatabase();
        Assert.Equal(2, looked);
        Assert.False(await database.KeyExistsAsync(gateway.Keys.Consent(PhoneNumberClassifier.Classify("+8613900139000").Key)));
        var fields = (await database.HashGetAllAsync(gateway.Keys.Consent(Callee.Key))).Select(f => (string)f.Name!).ToList();
        Assert.Single(fields);
        Assert.Equal("new", (await writer.LookupAsync(Callee, CallPurpose.Marketing, Now, default)).Evidence!.Id);
    }

    [Fact]
    public async Task Outcome_counters_expire_after_Retention_OutcomeCounters()
    {
        var gateway = redis.Gateway();
        var counters = new RedisCallerIdOutcomeCounters(gateway, TimeSpan.FromHours(2));
        var at = Now;
        counters.OnCompleted(RedisNode.Context(at: at), new CallOutcome(true, TimeSpan.FromSeconds(30)), at);
        await redis.Connection.GetDatabase().PingAsync();

        var ttl = await redis.Connection.GetDatabase().KeyTimeToLiveAsync(gateway.Keys.Health(PhoneNumberClassifier.Classify("+12065550100").Key, at.ToUnixTimeSeconds() / 60));
        Assert.InRange(ttl!.Value, TimeSpan.FromHours(2) - TimeSpan.FromMinutes(1), TimeSpan.FromHours(2));
        await Assert.ThrowsAsync<ArgumentException>(() => counters.GetAsync("+12065550100", at.AddHours(-3), at));
    }
}
