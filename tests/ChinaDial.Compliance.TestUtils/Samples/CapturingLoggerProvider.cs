using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace ChinaDial.Compliance.Tests.Samples;

/// <summary>Captures every log line of a sample, formatted, with its structured values and exception.</summary>
internal sealed class CapturingLoggerProvider : ILoggerProvider
{
    public ConcurrentQueue<string> Lines { get; } = new();

    public ILogger CreateLogger(string categoryName) => new CapturingLogger(categoryName, Lines);

    public void Dispose()
    {
    }

    /// <summary>Fails when a line holds one of <paramref name="numbers"/> (+86 numbers of 10 digits or more) raw: E.164 or national digits.</summary>
    public void AssertNoRawNumber(params string[] numbers)
    {
        foreach (var number in numbers)
        {
            var digits = number.TrimStart('+');
            var national = digits[2..];
            Assert.DoesNotContain(Lines, line => line.Contains(digits, StringComparison.Ordinal) || line.Contains(national, StringComparison.Ordinal));
        }
    }

    private sealed class CapturingLogger(string category, ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lines.Enqueue($"{category}: {formatter(state, exception)} {exception}");
            if (state is IEnumerable<KeyValuePair<string, object?>> values)
            {
                lines.Enqueue(string.Join("|", values.Select(v => $"{v.Key}={v.Value}")));
            }
        }
    }
}
