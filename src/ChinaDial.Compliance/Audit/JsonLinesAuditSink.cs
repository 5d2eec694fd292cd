using System;
using System.IO;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Threading;

namespace ChinaDial.Compliance;

/// <summary>
/// Appends audit records to a file as JSON Lines (one object per line, reason codes as their snake_case names).
/// Thread-safe; each record is one write under a lock, flushed to the operating system before <see cref="Write"/>
/// returns. Dispose to close the file. Erasure (<see cref="AuditTrail"/> as an <see cref="IPersonalDataStore"/>)
/// rewrites the file without the number's records; older, rotated files are pruned by <c>chinadial audit prune</c>.
/// </summary>
public sealed class JsonLinesAuditSink : IAuditSink, IAuditRecordEraser, IDisposable
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly string _path;
    private FileStream _file;
    private readonly Lock _gate = new();
    private readonly MemoryStream _buffer = new();

    /// <summary>Opens (or creates) <paramref name="path"/> for appending.</summary>
    public JsonLinesAuditSink(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        _path = path;
        _file = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read);
    }

    /// <inheritdoc />
    public void Write(AuditRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        lock (_gate)
        {
            _buffer.SetLength(0);
            using (var json = new Utf8JsonWriter(_buffer, WriterOptions))
            {
                json.WriteStartObject();
                json.WriteString("id", record.Id);
                json.WriteString("event", record.Event);
                json.WriteString("at", record.At);
                json.WriteString("verdict", record.Verdict.ToString().ToLowerInvariant());
                WriteCodes(json, "reasons", record.Reasons);
                WriteCodes(json, "observedReasons", record.ObservedReasons);
                if (record.NotBefore is { } notBefore)
                {
                    json.WriteString("notBefore", notBefore);
                }

                json.WriteString("purpose", record.Purpose.ToString().ToLowerInvariant());
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
                    json.WriteString("endReason", outcome.EndReason.ToString().ToLowerInvariant());
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
            }

            _buffer.WriteByte((byte)'\n');
            _file.Write(_buffer.GetBuffer(), 0, (int)_buffer.Length);
            _file.Flush();
        }
    }

    /// <summary>Removes the records of one number from the file (erasure): the file is rewritten without them and
    /// replaces itself atomically, while decisions wait to write theirs (rotate files so that each stays small).</summary>
    long IAuditRecordEraser.Forget(string numberHash)
    {
        var quoted = System.Text.Encoding.UTF8.GetBytes($"\"{numberHash}\"");
        lock (_gate)
        {
            _file.Flush(flushToDisk: true);
            _file.Dispose();
            try
            {
                return AuditFileRewriter.Rewrite(_path, line => !AuditFileRewriter.Mentions(line, quoted)).Removed;
            }
            finally
            {
                _file = new FileStream(_path, FileMode.Append, FileAccess.Write, FileShare.Read);
            }
        }
    }

    /// <summary>Closes the file.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            _file.Dispose();
            _buffer.Dispose();
        }
    }

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
