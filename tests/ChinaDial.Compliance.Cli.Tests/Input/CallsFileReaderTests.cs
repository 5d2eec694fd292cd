using System.Globalization;
using System.Text;
using ChinaDial.Compliance.Cli.Input;
using FsCheck.Xunit;

namespace ChinaDial.Compliance.Cli.Tests.Input;

public class CallsFileReaderTests
{
    private const string Header = "id,at,caller_id,destination,purpose,client_ip,answered,duration_s\n";

    [Fact]
    public void A_quoted_field_may_hold_commas_doubled_quotes_and_line_breaks_and_later_lines_keep_their_numbers()
    {
        using var file = new TempFile(Header
            + "\"c,1\",2026-11-23T09:00:00+08:00,+12065550100,+8613800138000,service,,,\n"
            + "\"say \"\"hi\"\"\n twice\",2026-11-23T09:00:01+08:00,\"+12065550100\",+8613800138000,marketing,,,\n"
            + "c3,2026-11-23T09:00:02+08:00,+12065550100,+8613800138000,callback,,,\n", ".csv");

        var rows = CallsFile.Read(file.Path).ToList();

        Assert.Equal(["c,1", "say \"hi\"\n twice", "c3"], rows.Select(r => r.Id));
        Assert.Equal([2L, 3L, 5L], rows.Select(r => r.Line));
        Assert.Equal("+12065550100", rows[1].CallerId);
        Assert.Equal([0L, 1L, 2L], rows.Select(r => r.Index));
    }

    [Fact]
    public void A_byte_order_mark_crlf_line_ends_blank_lines_and_blanks_around_fields_are_accepted()
    {
        using var file = new TempFile("\uFEFF" + Header.Replace("\n", "\r\n", StringComparison.Ordinal)
            + " c1 , 2026-11-23T01:00:00Z ,+12065550100, +8613800138000 , SERVICE ,10.0.0.1,TRUE, 95.5 \r\n"
            + "\r\n   \r\n"
            + "c2,2026-11-23T01:00:00.1234567-05:30,+12065550100,+8613800138000,Marketing, ,no,\r\n"
            + "c3,2026-11-23T01:00:00Z,+12065550100,+8613800138000,callback,,,", ".csv");

        var rows = CallsFile.Read(file.Path).ToList();

        Assert.Equal(["c1", "c2", "c3"], rows.Select(r => r.Id));
        Assert.Equal([2L, 5L, 6L], rows.Select(r => r.Line));
        Assert.Equal(new CallRow(2, 0, "c1", new DateTimeOffset(2026, 11, 23, 1, 0, 0, TimeSpan.Zero), "+12065550100", "+8613800138000", CallPurpose.Service, "10.0.0.1", true, 95.5), rows[0]);
        Assert.Equal(DateTimeOffset.Parse("2026-11-23T01:00:00.1234567-05:30", CultureInfo.InvariantCulture), rows[1].At);
        Assert.Equal(TimeSpan.FromMinutes(-330), rows[1].At.Offset);
        Assert.Null(rows[1].ClientIp);
        Assert.False(rows[1].Answered);
        Assert.Null(rows[1].DurationSeconds);
        Assert.Equal(CallPurpose.Callback, rows[2].Purpose);
    }

    [Theory]
    [InlineData("c1,2026-11-23T01:00:00Z,+12065550100,+8613800138000,service,,\n", "field")]
    [InlineData("c1,2026-11-23T01:00:00Z,+12065550100,+8613800138000,service,,,,\n", "field")]
    [InlineData("\"c1,2026-11-23T01:00:00Z,+12065550100,+8613800138000,service,,,\n", "quote")]
    [InlineData("\"c1\"x,2026-11-23T01:00:00Z,+12065550100,+8613800138000,service,,,\n", "quote")]
    [InlineData("c\"1,2026-11-23T01:00:00Z,+12065550100,+8613800138000,service,,,\n", "quote")]
    [InlineData("c1,2026-11-23T01:00:00+15:00,+12065550100,+8613800138000,service,,,\n", "'at'")]
    [InlineData("c1,2026-02-30T01:00:00Z,+12065550100,+8613800138000,service,,,\n", "'at'")]
    public void A_malformed_row_stops_the_screen_with_exit_2_naming_its_line_and_prints_nothing(string row, string problem)
    {
        using var file = new TempFile(Header + "c0,2026-11-23T01:00:00Z,+12065550100,+8613800138000,service,,,\n" + row
            + "c9,2026-11-23T01:00:00Z,+12065550100,+8613800138000,service,,,\n", ".csv");

        var run = CliRun.Of("screen", "--calls", file.Path, "--approve", TestNumbers.UsCallerId);

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Contains($"{file.Path}:3:", run.Stderr, StringComparison.Ordinal);
        Assert.Contains(problem, run.Stderr, StringComparison.Ordinal);
        Assert.Empty(run.Stdout);
    }

    [Fact]
    public void Rows_across_buffer_refills_and_a_field_longer_than_the_buffer_are_read_whole()
    {
        var text = new StringBuilder(Header);
        for (var i = 0; i < 40_000; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"c{i}{new string('x', i % 37)},2026-11-23T01:00:{i % 60:00}Z,+12065550100,+8613800138000,service,,true,{i % 300}\n");
        }

        var huge = new string('y', 3 << 20);
        text.Append(CultureInfo.InvariantCulture, $"\"{huge}\",2026-11-23T02:00:00Z,+12065550100,+8613800138000,service,,,\n");
        using var file = new TempFile(text.ToString(), ".csv");

        var rows = CallsFile.Read(file.Path).ToList();

        Assert.Equal(40_001, rows.Count);
        Assert.All(rows.Take(40_000), (row, i) => Assert.Equal($"c{i}{new string('x', i % 37)}", row.Id));
        Assert.Equal(huge, rows[^1].Id);
        Assert.Equal(40_002L, rows[^1].Line);
        Assert.False(CallsFile.IsInTimeOrder(file.Path));
    }

    [Property(MaxTest = 5_000)]
    public bool The_timestamp_fast_path_gives_what_DateTimeOffset_TryParse_gives(int year, byte month, byte day, byte hour, byte minute, byte second, uint fraction, sbyte offsetQuarters, byte form)
    {
        var digits = form % 9;
        var text = string.Create(CultureInfo.InvariantCulture, $"{Math.Abs(year % 10_000):0000}-{month % 14:00}-{day % 33:00}T{hour % 26:00}:{minute % 62:00}:{second % 62:00}")
            + (digits == 0 ? string.Empty : "." + (fraction % 1_000_000_000).ToString("000000000", CultureInfo.InvariantCulture)[..digits])
            + (form % 5 == 0 ? "Z" : string.Create(CultureInfo.InvariantCulture, $"{(offsetQuarters < 0 ? '-' : '+')}{Math.Abs(offsetQuarters / 4) % 16:00}:{Math.Abs(offsetQuarters % 4) * 15:00}"));

        var fast = Iso8601Timestamp.TryParse(Encoding.UTF8.GetBytes(text), out var value);
        var general = DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var expected);
        return !fast || (general && value == expected && value.Offset == expected.Offset);
    }
}
