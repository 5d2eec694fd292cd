namespace ChinaDial.Compliance.Tests.Evaluation;

public class InProcessPoliciesTests
{
    [Fact]
    public void Each_policy_has_the_name_of_the_built_in_policy_it_is()
    {
        Assert.Equal(BuiltInPolicyNames.CallerIdRate, InProcessPolicies.CreateCallerIdRate(new CallerIdRateOptions()).Name);
        Assert.Equal(BuiltInPolicyNames.Concurrency, InProcessPolicies.CreateConcurrency(new ConcurrencyOptions()).Name);
        Assert.Equal(BuiltInPolicyNames.DestinationFrequency, InProcessPolicies.CreateDestinationFrequency(new DestinationFrequencyOptions()).Name);
        Assert.Equal(BuiltInPolicyNames.CallerIdHealth, InProcessPolicies.CreateCallerIdHealth(new CallerIdHealthMonitor(new CallerIdHealthOptions())).Name);
    }

    [Fact]
    public void The_destination_frequency_policy_can_be_erased_and_the_health_policy_observes_outcomes()
    {
        Assert.IsAssignableFrom<IPersonalDataStore>(InProcessPolicies.CreateDestinationFrequency(new DestinationFrequencyOptions()));
        Assert.IsAssignableFrom<ICallOutcomeObserver>(InProcessPolicies.CreateCallerIdHealth(new CallerIdHealthMonitor(new CallerIdHealthOptions())));
    }

    [Fact]
    public void Invalid_options_and_missing_arguments_are_refused_at_construction()
    {
        Assert.Throws<ArgumentException>(() => InProcessPolicies.CreateCallerIdRate(new CallerIdRateOptions { Limit = 0 }));
        Assert.Throws<ArgumentException>(() => InProcessPolicies.CreateConcurrency(new ConcurrencyOptions { MaxCallsInProgress = 0 }));
        Assert.Throws<ArgumentNullException>(() => InProcessPolicies.CreateDestinationFrequency(null!));
        Assert.Throws<ArgumentNullException>(() => InProcessPolicies.CreateCallerIdHealth(null!));
    }
}
