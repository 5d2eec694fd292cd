using System.Text;

namespace ChinaDial.Compliance.Tests.CallerIds;

public class CallbackVerificationsFileTests
{
    private static (bool Valid, string? Problem) Validate(byte[] content)
    {
        var path = Path.Combine(Path.GetTempPath(), $"chinadial-verifications-{Guid.NewGuid():N}.csv");
        File.WriteAllBytes(path, content);
        try
        {
            var valid = CallbackVerificationsFile.TryValidate(path, out var problem);
            return (valid, problem);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_file_that_starts_with_the_header_and_holds_good_rows_is_valid()
    {
        var (valid, problem) = Validate(Encoding.UTF8.GetBytes($"{CallbackVerificationsFile.Header}\n+12065550100,2026-11-20T10:00:00+08:00,v1,ops\n"));

        Assert.True(valid);
        Assert.Null(problem);
    }

    [Fact]
    public void A_bad_row_is_a_problem_naming_its_line_not_an_exception()
    {
        var (valid, problem) = Validate(Encoding.UTF8.GetBytes($"{CallbackVerificationsFile.Header}\n+12065550100,yesterday,v1,ops\n"));

        Assert.False(valid);
        Assert.Contains(":2: 'verified_at' is not an ISO-8601 instant", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_that_is_not_utf8_is_a_problem_not_an_exception()
    {
        var (valid, problem) = Validate([.. Encoding.UTF8.GetBytes(CallbackVerificationsFile.Header + "\n"), 0xFF, 0xFE, 0x41, (byte)'\n']);

        Assert.False(valid);
        Assert.False(string.IsNullOrEmpty(problem));
    }

    [Fact]
    public void The_check_reads_as_the_policy_reads_an_empty_file_is_refused()
    {
        var (valid, problem) = Validate([]);

        Assert.False(valid);
        Assert.Contains("empty: the first line must be the header " + CallbackVerificationsFile.Header, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_file_is_an_io_error_not_a_problem_with_its_content()
        => Assert.ThrowsAny<IOException>(() => CallbackVerificationsFile.TryValidate(Path.Combine(Path.GetTempPath(), $"missing-{Guid.NewGuid():N}.csv"), out _));
}
