using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace ChinaDial.Compliance.Tests.Telemetry;

/// <summary>Records every measurement of one instrument of the <c>ChinaDial.Compliance</c> meter with its tags.</summary>
internal sealed class MeasurementRecorder : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<(long Value, Dictionary<string, string?> Tags)> _measurements = new();

    public MeasurementRecorder(string instrumentName)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == "ChinaDial.Compliance" && instrument.Name == instrumentName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            var map = new Dictionary<string, string?>(StringComparer.Ordinal);
            foreach (var tag in tags)
            {
                map[tag.Key] = tag.Value?.ToString();
            }

            _measurements.Enqueue((value, map));
        });
        _listener.Start();
    }

    /// <summary>The sum of the measurements whose tags include every pair of <paramref name="tags"/>.</summary>
    public long Sum(params (string Key, string Value)[] tags)
        => _measurements.Where(m => tags.All(t => m.Tags.TryGetValue(t.Key, out var v) && v == t.Value)).Sum(m => m.Value);

    /// <summary>Every tag value recorded.</summary>
    public IEnumerable<string> TagValues => _measurements.SelectMany(m => m.Tags.Values).Select(v => v ?? string.Empty);

    public void Dispose() => _listener.Dispose();
}
