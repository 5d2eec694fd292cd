using System.Reflection;

namespace ChinaDial.Compliance.Tests.Evaluation;

public class OutboundCallEvaluatorFactoryTests
{
    [Fact]
    public void Disposing_the_evaluator_removes_its_quarantine_audit_from_the_health_monitor()
    {
        var options = new ChinaDialComplianceOptions();
        var monitor = new CallerIdHealthMonitor(options.CallerIdHealth);
        var alreadyThere = 0;
        monitor.HealthChanged += (_, _) => alreadyThere++;

        var evaluator = options.CreateEvaluator(healthMonitor: monitor, auditSink: new InMemoryAuditSink());
        Assert.Equal(2, Subscribers(monitor).Length);

        evaluator.Dispose();
        var left = Assert.Single(Subscribers(monitor));
        Assert.DoesNotContain(Subscribers(monitor), d => d.Target is not null && d.Target.GetType().Name == "QuarantineAudit");
        Assert.NotNull(left.Target); // the user's own handler stays

        evaluator.Dispose(); // a second dispose removes nothing more
        Assert.Single(Subscribers(monitor));
    }

    [Fact]
    public void An_evaluator_without_an_audit_sink_does_not_subscribe_to_the_health_monitor()
    {
        var options = new ChinaDialComplianceOptions();
        var monitor = new CallerIdHealthMonitor(options.CallerIdHealth);

        using var evaluator = options.CreateEvaluator(healthMonitor: monitor);

        Assert.Empty(Subscribers(monitor));
    }

    private static Delegate[] Subscribers(CallerIdHealthMonitor monitor)
    {
        var field = typeof(CallerIdHealthMonitor).GetField(nameof(CallerIdHealthMonitor.HealthChanged), BindingFlags.Instance | BindingFlags.NonPublic)!;
        return (field.GetValue(monitor) as Delegate)?.GetInvocationList() ?? [];
    }
}
