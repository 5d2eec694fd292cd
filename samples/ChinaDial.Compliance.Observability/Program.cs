// The observability sample: the SDK's ChinaDial.Compliance meter and activity source exported with OpenTelemetry
// (Prometheus scraping endpoint at /metrics, OTLP when an endpoint is configured), and POST /calls to evaluate a call.
// See ObservabilityApp for the wiring, ChinaDialTelemetryExtensions for the part to copy, ../alerts for the rules.
using ChinaDial.Compliance.Samples.Observability;

await ObservabilityApp.Build(args).RunAsync().ConfigureAwait(false);
