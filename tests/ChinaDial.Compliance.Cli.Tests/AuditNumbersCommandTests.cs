using PhoneNumbers;

namespace ChinaDial.Compliance.Cli.Tests;

public class AuditNumbersCommandTests
{
    private static readonly string UsTollFree = TestNumbers.Example("US", PhoneNumberType.TOLL_FREE);

    [Fact]
    public void A_plain_list_is_audited_line_by_line_skipping_blanks_and_comments()
    {
        using var file = new TempFile($"# inventory\n{TestNumbers.UsCallerId}\n\n{UsTollFree}\n{TestNumbers.Uifn}\n");

        var run = CliRun.Of("audit-numbers", file.Path);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal([true, false, false], run.Lines.Select(l => l.GetProperty("compliant").GetBoolean()));
        Assert.Equal(["caller_id_toll_free"], run.Lines[1].GetProperty("callerIdProblems").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["caller_id_uifn"], run.Lines[2].GetProperty("callerIdProblems").EnumerateArray().Select(e => e.GetString()));
        Assert.Contains("1 compliant, 2 not", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_csv_with_a_number_column_is_audited_and_a_clean_inventory_exits_0()
    {
        using var file = new TempFile($"label,Number\nSeattle,{TestNumbers.UsCallerId}\n\"Seattle, 2\",{TestNumbers.UsCallerId2}\n", ".csv");

        var run = CliRun.Of("audit-numbers", file.Path);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal([TestNumbers.UsCallerId, TestNumbers.UsCallerId2], run.Lines.Select(l => l.GetProperty("input").GetString()));
    }

    [Fact]
    public void A_csv_without_a_number_column_exits_2_naming_file_and_line()
    {
        using var file = new TempFile("id,phone\n1,+12065550100\n", ".csv");
        var run = CliRun.Of("audit-numbers", file.Path);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"{file.Path}:1:", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_malformed_csv_row_exits_2_naming_its_line()
    {
        using var file = new TempFile($"number,label\n{TestNumbers.UsCallerId},ok\n\"+1206,broken\n", ".csv");
        var run = CliRun.Of("audit-numbers", file.Path);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"{file.Path}:3:", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_file_exits_2_naming_it()
    {
        var run = CliRun.Of("audit-numbers", "/no/such/inventory.txt");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("/no/such/inventory.txt", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void The_sample_inventory_shows_compliant_and_non_compliant_numbers()
    {
        var sample = Path.Combine(RepositoryRoot.Path, "samples", "data", "caller-id-inventory.csv");
        var run = CliRun.Of("audit-numbers", sample);

        Assert.Equal(1, run.ExitCode);
        var problems = run.Lines.SelectMany(l => l.GetProperty("callerIdProblems").EnumerateArray().Select(e => e.GetString())).ToHashSet();
        Assert.Superset(new HashSet<string?> { "caller_id_toll_free", "caller_id_uifn", "caller_id_region_prohibited", "caller_id_short_code_marketing", "invalid_caller_id" }, problems);
        Assert.Contains(run.Lines, l => l.GetProperty("compliant").GetBoolean());
    }
}
