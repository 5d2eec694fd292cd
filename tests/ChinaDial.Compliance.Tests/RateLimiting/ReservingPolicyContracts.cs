namespace ChinaDial.Compliance.Tests.RateLimiting;

/// <summary>The reserving-policy contract run by the in-process caller-ID rate limit, sliding log.</summary>
public sealed class SlidingLogCallerIdRateContractTests : ClockedReservingPolicyContractTests
{
    protected override IOutboundCallPolicy CreatePolicy(CallerIdRateOptions options, TimeProvider time)
        => new CallerIdRatePolicy(options);
}

/// <summary>The reserving-policy contract run by the in-process caller-ID rate limit, paced (<c>PacedTable</c>), with
/// a burst of the whole limit.</summary>
public sealed class PacedCallerIdRateContractTests : ClockedReservingPolicyContractTests
{
    protected override CallerIdRateOptions Options(int limit, TimeSpan window)
        => new() { Limit = limit, Window = window, Algorithm = CallerIdRateAlgorithm.Paced, Burst = limit };

    protected override IOutboundCallPolicy CreatePolicy(CallerIdRateOptions options, TimeProvider time)
        => new CallerIdRatePolicy(options);
}
