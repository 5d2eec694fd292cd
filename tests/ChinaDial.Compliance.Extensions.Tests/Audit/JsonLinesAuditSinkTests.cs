using System.Text.Json;
using Microsoft.Extensions.Time.Testing;

namespace ChinaDial.Compliance.Extensions.Tests.Audit;

public sealed class JsonLinesAuditSinkTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"chinadial-sink-{Guid.NewGuid():N}.jsonl");
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 23, 2, 0, 0, TimeSpan.Zero));

    public void Dispose() => File.Delete(_path);

    [Fact]
    public async Task Records_from_many_concurrent_writers_are_all_on_disk_exactly_once_after_dispose()
    {
        const int Writers = 8;
        const int PerWriter = 5000;
        var written = new Guid[Writers * PerWriter];
        var sink = new JsonLinesAuditSink(_path, new JsonLinesAuditSinkOptions { FlushCount = 100 }, _clock);
        using var start = new Barrier(Writers);
        await Task.WhenAll(Enumerable.Range(0, Writers).Select(w => Task.Run(() =>
        {
            start.SignalAndWait();
            for (var i = 0; i < PerWriter; i++)
            {
                var id = Guid.NewGuid();
                written[(w * PerWriter) + i] = id;
                sink.Write(Record(id, AuditEvent.Decision));
            }
        })));
        await sink.DisposeAsync();

        var onDisk = Lines().Select(l => l.GetProperty("id").GetGuid()).ToList();
        Assert.Equal(written.Length, onDisk.Count);
        Assert.Equal(written.OrderBy(g => g), onDisk.OrderBy(g => g));
    }

    [Fact]
    public void Records_written_then_the_sink_disposed_synchronously_are_all_on_disk()
    {
        var sink = new JsonLinesAuditSink(_path, new JsonLinesAuditSinkOptions { FlushCount = 1_000_000, FlushInterval = TimeSpan.FromHours(1) }, _clock);
        var ids = Enumerable.Range(0, 1000).Select(_ => Guid.NewGuid()).ToList();
        foreach (var id in ids)
        {
            sink.Write(Record(id, AuditEvent.Outcome));
        }

        sink.Dispose();

        Assert.Equal(ids, Lines().Select(l => l.GetProperty("id").GetGuid()));
    }

    [Fact]
    public async Task Records_reach_the_file_when_the_flush_count_is_reached_and_not_before()
    {
        await using var sink = new JsonLinesAuditSink(_path, new JsonLinesAuditSinkOptions { FlushCount = 3, FlushInterval = TimeSpan.FromHours(1) }, _clock);
        sink.Write(Record(Guid.NewGuid(), AuditEvent.Decision));
        sink.Write(Record(Guid.NewGuid(), AuditEvent.Decision));
        await Task.Delay(200);
        Assert.Empty(Lines());

        sink.Write(Record(Guid.NewGuid(), AuditEvent.Decision));
        Assert.Equal(3, await LinesEventually(3));
    }

    [Fact]
    public async Task Every_batch_reaches_the_file_when_it_reaches_the_flush_count_not_only_the_first()
    {
        // The writer sleeps between batches and is woken by the count: the count starts again after each batch.
        await using var sink = new JsonLinesAuditSink(_path, new JsonLinesAuditSinkOptions { FlushCount = 3, FlushInterval = TimeSpan.FromHours(1) }, _clock);
        for (var batch = 1; batch <= 4; batch++)
        {
            for (var i = 0; i < 3; i++)
            {
                sink.Write(Record(Guid.NewGuid(), AuditEvent.Decision));
            }

            Assert.Equal(3 * batch, await LinesEventually(3 * batch));
        }
    }

    [Fact]
    public async Task Disposal_wakes_a_writer_sleeping_until_its_batch_is_due_and_writes_the_batch()
    {
        var sink = new JsonLinesAuditSink(_path, new JsonLinesAuditSinkOptions { FlushCount = 1000, FlushInterval = TimeSpan.FromHours(1) }, _clock);
        for (var i = 0; i < 5; i++)
        {
            sink.Write(Record(Guid.NewGuid(), AuditEvent.Decision));
        }

        await Task.Delay(200); // the writer has woken for the first record and sleeps until the batch is due (an hour)
        var disposal = sink.DisposeAsync().AsTask();
        var finished = await Task.WhenAny(disposal, Task.Delay(TimeSpan.FromSeconds(30)));

        Assert.Same(disposal, finished); // not an hour
        Assert.Equal(5, Lines().Count);
    }

    [Fact]
    public async Task Records_reach_the_file_when_the_oldest_has_waited_the_flush_interval_and_not_before()
    {
        await using var sink = new JsonLinesAuditSink(_path, new JsonLinesAuditSinkOptions { FlushCount = 1000, FlushInterval = TimeSpan.FromSeconds(1) }, _clock);
        sink.Write(Record(Guid.NewGuid(), AuditEvent.Decision));
        await Task.Delay(200);
        _clock.Advance(TimeSpan.FromMilliseconds(999));
        await Task.Delay(200);
        Assert.Empty(Lines());

        _clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(1, await LinesEventually(1));
    }

    [Fact]
    public async Task FlushAsync_puts_every_record_written_before_it_in_the_file()
    {
        await using var sink = new JsonLinesAuditSink(_path, new JsonLinesAuditSinkOptions { FlushCount = 1000, FlushInterval = TimeSpan.FromHours(1) }, _clock);
        for (var i = 0; i < 5; i++)
        {
            sink.Write(Record(Guid.NewGuid(), AuditEvent.Decision));
        }

        await sink.FlushAsync();

        Assert.Equal(5, Lines().Count);
    }

    [Fact]
    public async Task A_record_written_after_dispose_is_refused()
    {
        var sink = new JsonLinesAuditSink(_path);
        await sink.DisposeAsync();

        Assert.Throws<ObjectDisposedException>(() => sink.Write(Record(Guid.NewGuid(), AuditEvent.Decision)));
    }

    [Fact]
    public async Task When_the_disk_is_full_every_later_record_is_refused_and_the_evaluator_denies_calls_with_policy_error()
    {
        // /dev/full: every write fails with "no space left on device", as an audit volume that fills up mid-campaign.
        var sink = new JsonLinesAuditSink("/dev/full", new JsonLinesAuditSinkOptions { FlushCount = 1 }, _clock);
        sink.Write(Record(Guid.NewGuid(), AuditEvent.Decision));
        await Assert.ThrowsAnyAsync<IOException>(sink.FlushAsync);

        var refused = Assert.ThrowsAny<IOException>(() => sink.Write(Record(Guid.NewGuid(), AuditEvent.Decision)));
        Assert.Contains("/dev/full", refused.Message, StringComparison.Ordinal);

        var options = new ChinaDialComplianceOptions { CallerIds = { Approved = [TestNumbers.UsCallerId] } };
        options.CallingHours.Enabled = false;
        using var evaluator = options.CreateEvaluator(_clock, auditSink: sink);
        var decision = await evaluator.EvaluateAsync(new OutboundCall(TestNumbers.UsCallerId, TestNumbers.CnMobile, CallPurpose.Service));

        Assert.Equal(CallVerdict.Deny, decision.Verdict);
        Assert.Contains(ReasonCode.PolicyError, decision.Reasons);
        Assert.Null(decision.Ticket);
        await Assert.ThrowsAnyAsync<IOException>(async () => await sink.DisposeAsync());
    }

    [Fact]
    public void Invalid_flush_options_are_refused_with_every_problem_named()
    {
        var error = Assert.Throws<ArgumentException>(() => new JsonLinesAuditSink(_path, new JsonLinesAuditSinkOptions { FlushCount = 0, FlushInterval = TimeSpan.Zero }, _clock));

        Assert.Contains("JsonLinesAuditSink:FlushCount", error.Message, StringComparison.Ordinal);
        Assert.Contains("JsonLinesAuditSink:FlushInterval", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_audit_event_kind_is_written_by_its_snake_case_name()
    {
        await using (var sink = new JsonLinesAuditSink(_path))
        {
            foreach (var kind in Enum.GetValues<AuditEvent>())
            {
                sink.Write(Record(Guid.NewGuid(), kind));
            }
        }

        Assert.Equal(["decision", "outcome", "cancelled", "caller_id_quarantined", "click_to_dial"], Lines().Select(l => l.GetProperty("event").GetString()));
    }

    private static AuditRecord Record(Guid id, AuditEvent kind)
        => new(id, kind, new DateTimeOffset(2026, 11, 23, 2, 0, 0, TimeSpan.Zero), CallVerdict.Allow, ReasonCodeSet.Empty, ReasonCodeSet.Empty, null, CallPurpose.Service, "c1", null, "+86 138****8000", "0123456789abcdef0123456789abcdef", "none", "none", [], null);

    private async Task<int> LinesEventually(int expected)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (Lines().Count < expected && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        return Lines().Count;
    }

    private List<JsonElement> Lines()
    {
        using var stream = new FileStream(_path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();
    }
}
