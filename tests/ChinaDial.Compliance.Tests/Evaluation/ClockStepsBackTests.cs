namespace ChinaDial.Compliance.Tests.Evaluation;

public sealed class ClockStepsBackTests
{
    private sealed class SettableClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }

    [Theory]
    [InlineData(30)]
    [InlineData(3600)]
    [InlineData(86400 * 3)]
    public async Task A_clock_stepped_back_admits_no_more_calls_per_caller_ID_than_the_limit(int backSeconds)
    {
        var start = new DateTimeOffset(2026, 11, 23, 2, 0, 0, TimeSpan.Zero);
        var clock = new SettableClock(start);
        var options = new ChinaDialComplianceOptions { CallerIds = { Approved = ["+12065550100"] } };
        options.CallingHours.Enabled = false;
        var evaluator = options.CreateEvaluator(clock);
        var allowed = 0;
        for (var i = 0; i < 20; i++)
        {
            if (i == 10)
            {
                clock.Now = start.AddSeconds(-backSeconds);
            }

            var decision = await evaluator.EvaluateAsync(new OutboundCall("+12065550100", $"+86138{i:00000000}", CallPurpose.Service));
            if (decision.IsAllowed)
            {
                allowed++;
                decision.Ticket!.Complete(new CallOutcome(true, TimeSpan.FromMinutes(2)));
            }
        }

        Assert.Equal(5, allowed);
    }
}
