using ChinaDial.Compliance.Cli.Input;
using ChinaDial.Compliance.Cli.Replay;

namespace ChinaDial.Compliance.Cli.Tests.Replay;

public class CallsFileReplayTests
{
    [Theory]
    [InlineData("2026-11-23T10:00:01+08:00")]
    [InlineData("2026-11-23T09:59:59+08:00")]
    public void A_row_whose_evaluation_throws_is_named_by_file_and_line(string secondAt)
    {
        using var calls = new TempFile("id,at,caller_id,destination,purpose\n"
            + "a,2026-11-23T10:00:00+08:00,+12065550100,+8613800138000,service\n"
            + $"b,{secondAt},+12065550100,+8613800138001,service\n", ".csv");
        var inOrder = CallsFile.IsInTimeOrder(calls.Path);

        var error = Assert.Throws<ReplayFailedException>(() => CallsFileReplay.Replay(
            calls.Path,
            inOrder,
            row => row.Id == "b" ? throw new ArgumentOutOfRangeException(nameof(secondAt), "un-representable") : default,
            (_, _) => { }));

        Assert.StartsWith($"{calls.Path}:3: evaluating this row failed: ArgumentOutOfRangeException: un-representable", error.Message, StringComparison.Ordinal);
        Assert.IsType<ArgumentOutOfRangeException>(error.InnerException);
    }
}
