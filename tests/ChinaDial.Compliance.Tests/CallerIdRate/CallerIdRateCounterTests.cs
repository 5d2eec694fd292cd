namespace ChinaDial.Compliance.Tests.CallerIdRate;

public class CallerIdRateCounterTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly PhoneNumberInfo CallerId = PhoneNumberClassifier.Classify(TestNumbers.UsCallerId);

    [Fact]
    public void Five_calls_in_a_minute_are_counted_and_the_sixth_is_refused_until_the_first_leaves_the_window()
    {
        var counter = new CallerIdRateCounter(new CallerIdRateOptions());
        for (var i = 0; i < 5; i++)
        {
            Assert.True(counter.TryAcquire(CallerId, T0.AddSeconds(i), out var admittedAt));
            Assert.Equal(T0.AddSeconds(i), admittedAt);
        }

        Assert.False(counter.TryAcquire(CallerId, T0.AddSeconds(10), out var retryAt));
        Assert.Equal(T0.AddMinutes(1), retryAt);
        Assert.Equal(T0.AddMinutes(1), counter.NextAdmission(CallerId, T0.AddSeconds(10)));
        Assert.True(counter.TryAcquire(CallerId, retryAt, out _));
    }

    [Fact]
    public void Asking_when_the_next_call_is_admitted_counts_nothing()
    {
        var counter = new CallerIdRateCounter(new CallerIdRateOptions { Limit = 1 });
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(T0, counter.NextAdmission(CallerId, T0));
        }

        Assert.True(counter.TryAcquire(CallerId, T0, out _));
        Assert.False(counter.TryAcquire(CallerId, T0, out _));
    }

    [Fact]
    public void A_caller_ID_that_is_not_parsed_is_never_admitted()
    {
        var counter = new CallerIdRateCounter(new CallerIdRateOptions());
        var unparsed = PhoneNumberClassifier.Classify("not a number");

        Assert.False(counter.TryAcquire(unparsed, T0, out var retryAt));
        Assert.Equal(DateTimeOffset.MaxValue, retryAt);
        Assert.Equal(DateTimeOffset.MaxValue, counter.NextAdmission(unparsed, T0));
    }

    [Fact]
    public void Instants_at_the_ends_of_time_give_an_answer_never_an_exception_and_never_a_retry_before_the_call()
    {
        var counter = new CallerIdRateCounter(new CallerIdRateOptions { Limit = 1 });
        foreach (var at in new[] { DateTimeOffset.MinValue, DateTimeOffset.MinValue.AddTicks(1), DateTimeOffset.MaxValue.AddTicks(-1), DateTimeOffset.MaxValue })
        {
            counter.TryAcquire(CallerId, at, out var retryAt);
            Assert.True(retryAt >= at, $"{retryAt:O} before {at:O}");
            Assert.True(counter.NextAdmission(CallerId, at) >= at);
        }
    }

    [Fact]
    public void Invalid_options_are_refused_at_construction()
        => Assert.Throws<ArgumentException>(() => new CallerIdRateCounter(new CallerIdRateOptions { Limit = 0 }));

    [Fact]
    public void Two_counters_share_no_state()
    {
        var first = new CallerIdRateCounter(new CallerIdRateOptions { Limit = 1 });
        var second = new CallerIdRateCounter(new CallerIdRateOptions { Limit = 1 });

        Assert.True(first.TryAcquire(CallerId, T0, out _));
        Assert.True(second.TryAcquire(CallerId, T0, out _));
    }
}
