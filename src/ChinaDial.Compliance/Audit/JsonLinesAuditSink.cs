using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;

namespace ChinaDial.Compliance;

/// <summary>
/// Appends audit records to a file as JSON Lines (one object per line, reason codes and event kinds as their snake_case
/// names). <see cref="Write"/> only queues the record (no lock, no I/O on the evaluating thread); one writer task
/// serializes the queue in order and hands it to the operating system by the <see cref="JsonLinesAuditSinkOptions"/>
/// policy (every 256 records or after 1 s by default). <see cref="FlushAsync"/>, <see cref="Dispose"/> and
/// <see cref="DisposeAsync"/> write everything queued before they return: nothing written is lost. Erasure
/// (<see cref="AuditTrail"/> as an <see cref="IPersonalDataStore"/>) writes what is queued, then rewrites the file
/// without the number's records; older, rotated files are pruned by <c>chinadial audit prune</c>.
/// </summary>
public sealed class JsonLinesAuditSink : IAuditSink, IAuditRecordEraser, IDisposable, IAsyncDisposable
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly string[] VerdictNames = LowerNames<CallVerdict>();
    private static readonly string[] PurposeNames = LowerNames<CallPurpose>();
    private static readonly string[] EndReasonNames = LowerNames<CallEndReason>();

    private readonly string _path;
    private readonly int _flushCount;
    private readonly TimeSpan _flushInterval;
    private readonly TimeProvider _timeProvider;
    private readonly Channel<AuditRecord> _queue = Channel.CreateUnbounded<AuditRecord>(new UnboundedChannelOptions { SingleReader = false, SingleWriter = false });

    /// <summary>Held while records move from the queue to the file (per batch, never per record).</summary>
    private readonly Lock _fileGate = new();
    private readonly MemoryStream _buffer = new();
    private readonly Utf8JsonWriter _json;
    private readonly Task _writer;

    /// <summary>Released when <see cref="JsonLinesAuditSinkOptions.FlushCount"/> records have been queued since the writer
    /// last drained: the writer sleeps between batches instead of waking for every record (a wake is a thread-pool
    /// hand-off and a system call on the evaluating thread).</summary>
    private readonly SemaphoreSlim _batchReady = new(0, 1);

    /// <summary>Cancelled by disposal: wakes a writer sleeping until its batch is due.</summary>
    private readonly CancellationTokenSource _stopping = new();
    private FileStream _file;
    private int _queuedSinceDrain;
    private int _buffered;
    private long _oldestQueued;
    private bool _disposed;
    private Exception? _failure;

    /// <summary>Opens (or creates) <paramref name="path"/> for appending, with the default flush policy.</summary>
    public JsonLinesAuditSink(string path)
        : this(path, new JsonLinesAuditSinkOptions(), TimeProvider.System)
    {
    }

    /// <summary>Opens (or creates) <paramref name="path"/> for appending, flushing by <paramref name="options"/>.</summary>
    /// <param name="path">The file.</param>
    /// <param name="options">The flush policy.</param>
    /// <param name="timeProvider">The clock of <see cref="JsonLinesAuditSinkOptions.FlushInterval"/>.</param>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public JsonLinesAuditSink(string path, JsonLinesAuditSinkOptions options, TimeProvider timeProvider)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        var errors = new List<string>();
        options.Validate(errors, "JsonLinesAuditSink");
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(Environment.NewLine, errors), nameof(options));
        }

        _path = path;
        _flushCount = options.FlushCount;
        _flushInterval = options.FlushInterval;
        _timeProvider = timeProvider;
        _file = Open(path);
        _json = new Utf8JsonWriter(_buffer, WriterOptions);
        _writer = Task.Run(WriteQueuedOrRefuseAsync);
    }

    /// <inheritdoc />
    /// <exception cref="ObjectDisposedException">The sink is disposed (the evaluator then denies the call: no call
    /// without its record).</exception>
    public void Write(AuditRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (Volatile.Read(ref _oldestQueued) == 0)
        {
            Interlocked.CompareExchange(ref _oldestQueued, _timeProvider.GetTimestamp(), 0);
        }

        if (!_queue.Writer.TryWrite(record))
        {
            throw Volatile.Read(ref _failure) is { } failure
                ? new IOException($"The audit file '{_path}' could not be written.", failure.GetBaseException())
                : new ObjectDisposedException(nameof(JsonLinesAuditSink));
        }

        if (Interlocked.Increment(ref _queuedSinceDrain) == _flushCount && _batchReady.CurrentCount == 0)
        {
            try
            {
                _batchReady.Release();
            }
            catch (SemaphoreFullException)
            {
                // Another writer released it first: the writer wakes once either way.
            }
            catch (ObjectDisposedException)
            {
                // Disposed meanwhile: the record was queued before the queue closed, and disposal drained it.
            }
        }
    }

    /// <summary>Writes every record queued so far to the file and flushes it to the operating system.</summary>
    public Task FlushAsync()
    {
        lock (_fileGate)
        {
            if (!_disposed)
            {
                try
                {
                    DrainAndFlushLocked();
                }
                catch (Exception e)
                {
                    Fail(e);
                    throw;
                }
            }
        }

        return Task.CompletedTask;
    }

    /// <summary>Removes the records of one number from the file (erasure): what is queued is written first, then the
    /// file is rewritten without them and replaces itself atomically, while the writer waits (rotate files so that each
    /// stays small).</summary>
    long IAuditRecordEraser.Forget(string numberHash)
    {
        var quoted = System.Text.Encoding.UTF8.GetBytes($"\"{numberHash}\"");
        lock (_fileGate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            try
            {
                DrainAndFlushLocked();
                _file.Flush(flushToDisk: true);
            }
            catch (Exception e)
            {
                Fail(e);
                throw;
            }

            _file.Dispose();
            try
            {
                return AuditFileRewriter.Rewrite(_path, line => !AuditFileRewriter.Mentions(line, quoted)).Removed;
            }
            finally
            {
                _file = Open(_path);
            }
        }
    }

    /// <summary>Writes every queued record, then closes the file. Records written after disposal are refused.</summary>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <summary>Writes every queued record, then closes the file. Records written after disposal are refused.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        try
        {
            await _stopping.CancelAsync().ConfigureAwait(false);
        }
        catch (ObjectDisposedException)
        {
            // Disposed twice: the first disposal has stopped the writer.
        }

        try
        {
            await _writer.ConfigureAwait(false);
        }
        finally
        {
            lock (_fileGate)
            {
                if (!_disposed)
                {
                    try
                    {
                        DrainAndFlushLocked();
                    }
                    finally
                    {
                        _disposed = true;
                        _file.Dispose();
                        _json.Dispose();
                        _buffer.Dispose();
                        _stopping.Dispose();
                        _batchReady.Dispose();
                    }
                }
            }
        }
    }

    private static FileStream Open(string path) => new(path, FileMode.Append, FileAccess.Write, FileShare.Read, bufferSize: 0);

    /// <summary>The writer; should the file fail, the queue is closed so that every later <see cref="Write"/> throws
    /// (fail closed: the evaluator denies calls whose records cannot be kept).</summary>
    private async Task WriteQueuedOrRefuseAsync()
    {
        try
        {
            await WriteQueuedAsync().ConfigureAwait(false);
        }
        catch (Exception e)
        {
            Fail(e);
            throw;
        }
    }

    /// <summary>The file cannot be written: close the queue so that every later <see cref="Write"/> throws, whichever
    /// path (the writer, a flush, an erasure) found it (fail closed: the evaluator denies calls whose records cannot be
    /// kept).</summary>
    private void Fail(Exception failure)
    {
        Interlocked.CompareExchange(ref _failure, failure, null);
        _queue.Writer.TryComplete(failure);
    }

    /// <summary>The writer: wakes for the first record after a quiet spell, then sleeps until
    /// <see cref="JsonLinesAuditSinkOptions.FlushCount"/> records are queued or the oldest has waited
    /// <see cref="JsonLinesAuditSinkOptions.FlushInterval"/>, and writes the batch; disposal writes the rest.</summary>
    private async Task WriteQueuedAsync()
    {
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            if (Volatile.Read(ref _oldestQueued) == 0)
            {
                Interlocked.CompareExchange(ref _oldestQueued, _timeProvider.GetTimestamp(), 0);
            }

            var due = _flushInterval - _timeProvider.GetElapsedTime(Volatile.Read(ref _oldestQueued));
            if (due > TimeSpan.Zero && Volatile.Read(ref _queuedSinceDrain) < _flushCount && !_stopping.IsCancellationRequested)
            {
                using var wake = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
                var batch = _batchReady.WaitAsync(wake.Token);
                var timer = Task.Delay(due, _timeProvider, wake.Token);
                await Task.WhenAny(batch, timer).ConfigureAwait(false);
                await wake.CancelAsync().ConfigureAwait(false);
                try
                {
                    await batch.ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    // Woken by the timer or by disposal: the batch is written now either way.
                }
            }

            lock (_fileGate)
            {
                if (_disposed)
                {
                    return;
                }

                Interlocked.Exchange(ref _queuedSinceDrain, 0);
                DrainAndFlushLocked();
            }
        }
    }

    /// <summary>Moves every queued record into the buffer and writes it to the file, handing it to the operating
    /// system every <see cref="JsonLinesAuditSinkOptions.FlushCount"/> records and at the end. Under
    /// <see cref="_fileGate"/>.</summary>
    private void DrainAndFlushLocked()
    {
        while (_queue.Reader.TryRead(out var record))
        {
            Serialize(record);
            if (++_buffered >= _flushCount)
            {
                FlushLocked();
            }
        }

        FlushLocked();
    }

    private void FlushLocked()
    {
        if (_buffer.Length > 0)
        {
            _file.Write(_buffer.GetBuffer(), 0, (int)_buffer.Length);
            _file.Flush();
            _buffer.SetLength(0);
        }

        _buffered = 0;
        Volatile.Write(ref _oldestQueued, 0);
    }

    private void Serialize(AuditRecord record)
    {
        var json = _json;
        json.Reset(_buffer);
        json.WriteStartObject();
        json.WriteString("id", record.Id);
        json.WriteString("event", record.Event.ToJsonName());
        json.WriteString("at", record.At);
        json.WriteString("verdict", LowerName(VerdictNames, record.Verdict));
        WriteCodes(json, "reasons", record.Reasons);
        WriteCodes(json, "observedReasons", record.ObservedReasons);
        if (record.NotBefore is { } notBefore)
        {
            json.WriteString("notBefore", notBefore);
        }

        json.WriteString("purpose", LowerName(PurposeNames, record.Purpose));
        json.WriteString("campaignId", record.CampaignId);
        json.WriteString("tenantId", record.TenantId);
        json.WriteString("callerId", record.CallerIdMasked);
        json.WriteString("callerIdHash", record.CallerIdHash);
        json.WriteString("destination", record.DestinationMasked);
        json.WriteString("destinationHash", record.DestinationHash);
        json.WriteStartArray("observingPolicies");
        foreach (var policy in record.ObservingPolicies)
        {
            json.WriteStringValue(policy);
        }

        json.WriteEndArray();
        if (record.Outcome is { } outcome)
        {
            json.WriteBoolean("answered", outcome.Answered);
            json.WriteNumber("durationSeconds", outcome.Duration.TotalSeconds);
            json.WriteString("endReason", LowerName(EndReasonNames, outcome.EndReason));
        }

        if (record.Detail is { } detail)
        {
            json.WriteString("detail", detail);
        }

        if (record.Consent is { } consent)
        {
            json.WriteStartObject("consent");
            json.WriteString("id", consent.Id);
            json.WriteString("proof", consent.Proof);
            json.WriteString("grantedAt", consent.GrantedAt);
            json.WriteEndObject();
        }

        json.WriteEndObject();
        json.Flush();
        _buffer.WriteByte((byte)'\n');
    }

    /// <summary>The lower-case names of an enum numbered from 0 (what <c>ToString().ToLowerInvariant()</c> gives), made
    /// once instead of two strings per record.</summary>
    private static string[] LowerNames<T>()
        where T : struct, Enum
    {
        var values = Enum.GetValues<T>();
        var names = new string[values.Length];
        foreach (var value in values)
        {
            names[Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture)] = value.ToString().ToLowerInvariant();
        }

        return names;
    }

    private static string LowerName(string[] names, CallVerdict value)
        => (uint)value < (uint)names.Length ? names[(int)value] : value.ToString().ToLowerInvariant();

    private static string LowerName(string[] names, CallPurpose value)
        => (uint)value < (uint)names.Length ? names[(int)value] : value.ToString().ToLowerInvariant();

    private static string LowerName(string[] names, CallEndReason value)
        => (uint)value < (uint)names.Length ? names[(int)value] : value.ToString().ToLowerInvariant();

    private static void WriteCodes(Utf8JsonWriter json, string name, ReasonCodeSet codes)
    {
        json.WriteStartArray(name);
        foreach (var code in codes)
        {
            json.WriteStringValue(code.ToJsonName());
        }

        json.WriteEndArray();
    }
}
