using System;
using System.Linq;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ChinaDial.Compliance.Samples.Observability;

/// <summary>Builds the observability sample: the SDK from the <c>ChinaDialCompliance</c> section, OpenTelemetry
/// (<see cref="ChinaDialTelemetryExtensions.AddChinaDialComplianceTelemetry"/>), <c>GET /metrics</c> for Prometheus and
/// <c>POST /calls</c> to evaluate a call.</summary>
public static class ObservabilityApp
{
    /// <summary>Builds the app from <paramref name="args"/>; <paramref name="configure"/> may replace services (tests
    /// give a fake clock).</summary>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        // `dotnet run --project samples/...` keeps the caller's working directory: look for appsettings.json beside the binary.
        var contentRoot = new ConfigurationBuilder().AddCommandLine(args).Build()[WebHostDefaults.ContentRootKey] ?? AppContext.BaseDirectory;
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = contentRoot });
        configure?.Invoke(builder);

        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddChinaDialCompliance(builder.Configuration);
        builder.Services.AddOpenTelemetry().AddChinaDialComplianceTelemetry(builder.Configuration);

        var app = builder.Build();
        app.MapPrometheusScrapingEndpoint();
        // The numbers travel in the body, never in the path or the query string, which request logs write out.
        app.MapPost("/calls", static async (CallRequest request, OutboundCallEvaluator evaluator) =>
        {
            if (!Enum.TryParse<CallPurpose>(request.Purpose, ignoreCase: true, out var purpose))
            {
                return Results.BadRequest(new { error = "purpose must be Service, Marketing or Callback" });
            }

            var decision = await evaluator.EvaluateAsync(new OutboundCall(request.CallerId ?? string.Empty, request.Destination ?? string.Empty, purpose)).ConfigureAwait(false);
            // The sample places no call: it reports an allowed call as placed and answered, so that quotas fill up
            // (and chinadial.limit.near fires) as they would in a dialer.
            decision.Ticket?.Complete(new CallOutcome(Answered: true, Duration: TimeSpan.FromSeconds(60)));
            return Results.Ok(new
            {
                verdict = decision.Verdict.ToString(),
                reasons = decision.Reasons.Select(static code => code.ToJsonName()).ToArray(),
                notBefore = decision.NotBefore,
            });
        });
        return app;
    }

    /// <summary>The body of <c>POST /calls</c>.</summary>
    public sealed record CallRequest(string? CallerId, string? Destination, string Purpose = "Service");
}
