using System;
using Microsoft.Extensions.Configuration;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace ChinaDial.Compliance.Samples.Observability;

/// <summary>The OpenTelemetry wiring to copy into a dialer: the SDK reports through one <c>Meter</c> and one
/// <c>ActivitySource</c>, both named <see cref="MeterName"/>. No tag the SDK writes holds a phone number.</summary>
public static class ChinaDialTelemetryExtensions
{
    /// <summary>The name of the SDK's meter and activity source.</summary>
    public const string MeterName = "ChinaDial.Compliance";

    /// <summary>
    /// Collects the SDK's metrics for the Prometheus scraping endpoint (map it with
    /// <c>app.MapPrometheusScrapingEndpoint()</c>) and its <c>chinadial.evaluate</c> activities; when
    /// <c>Otlp:Endpoint</c> is set (or the standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> variable), exports both over OTLP
    /// as well.
    /// </summary>
    public static OpenTelemetryBuilder AddChinaDialComplianceTelemetry(this OpenTelemetryBuilder builder, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configuration);
        var otlp = configuration["Otlp:Endpoint"] ?? configuration["OTEL_EXPORTER_OTLP_ENDPOINT"];
        Uri? endpoint = string.IsNullOrEmpty(otlp) ? null : new Uri(otlp, UriKind.Absolute);
        builder.WithMetrics(metrics =>
        {
            metrics.AddMeter(MeterName).AddPrometheusExporter();
            if (endpoint is not null)
            {
                metrics.AddOtlpExporter(options => options.Endpoint = endpoint);
            }
        });
        builder.WithTracing(tracing =>
        {
            tracing.AddSource(MeterName);
            if (endpoint is not null)
            {
                tracing.AddOtlpExporter(options => options.Endpoint = endpoint);
            }
        });
        return builder;
    }
}
