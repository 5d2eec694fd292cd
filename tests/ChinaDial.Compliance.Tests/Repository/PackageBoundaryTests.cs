using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace ChinaDial.Compliance.Tests.Repository;

/// <summary>
/// Shipping packages (the projects under <c>src/</c>) use each other through their public API only, the one their
/// PublicAPI files track (issue 20, point 4): no <c>InternalsVisibleTo</c> from one shipping project to another. Test and
/// benchmark assemblies may see internals.
/// </summary>
public partial class PackageBoundaryTests
{
    [Fact]
    public void No_shipping_project_gives_InternalsVisibleTo_to_another_shipping_project()
    {
        var shipping = ShippingAssemblies();
        var grants = Grants().Where(g => shipping.ContainsKey(g.To)).Select(g => $"{g.From} -> {g.To} ({g.File})").ToList();

        Assert.True(grants.Count == 0, "InternalsVisibleTo between shipping projects (use or add a public seam instead): " + string.Join("; ", grants));
    }

    [Fact]
    public void The_boundary_check_sees_the_grants_to_the_test_assembly()
    {
        // The scan reads what it should: every shipping project grants its internals to the tests.
        var grants = Grants();
        foreach (var from in ShippingAssemblies().Keys)
        {
            Assert.Contains(grants, g => g.From == from && g.To == "ChinaDial.Compliance.Tests");
        }
    }

    /// <summary>Assembly name -> project file, for every project under <c>src/</c>.</summary>
    private static Dictionary<string, string> ShippingAssemblies()
    {
        var projects = Directory.GetFiles(Path.Combine(RepositoryRoot.Path, "src"), "*.csproj", SearchOption.AllDirectories);
        Assert.NotEmpty(projects);
        return projects.ToDictionary(AssemblyName, p => p, StringComparer.Ordinal);
    }

    private static string AssemblyName(string project)
        => XDocument.Load(project).Descendants("AssemblyName").Select(e => e.Value.Trim()).FirstOrDefault()
            ?? Path.GetFileNameWithoutExtension(project);

    /// <summary>Every InternalsVisibleTo of the projects under <c>src/</c>: csproj items and assembly attributes.</summary>
    private static List<(string From, string To, string File)> Grants()
    {
        var grants = new List<(string From, string To, string File)>();
        foreach (var project in ShippingAssemblies().Values)
        {
            var from = AssemblyName(project);
            var relative = Path.GetRelativePath(RepositoryRoot.Path, project);
            foreach (var item in XDocument.Load(project).Descendants("InternalsVisibleTo"))
            {
                var to = (string?)item.Attribute("Include") ?? (string?)item.Attribute("AssemblyName") ?? string.Empty;
                grants.Add((from, to.Split(',')[0].Trim(), relative));
            }

            var folder = Path.GetDirectoryName(project)!;
            foreach (var source in Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories))
            {
                if (source.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                    || source.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
                {
                    continue;
                }

                foreach (Match match in AttributeGrant().Matches(File.ReadAllText(source)))
                {
                    grants.Add((from, match.Groups["to"].Value.Split(',')[0].Trim(), Path.GetRelativePath(RepositoryRoot.Path, source)));
                }
            }
        }

        return grants;
    }

    [GeneratedRegex("""InternalsVisibleTo\s*\(\s*"(?<to>[^"]+)"\s*\)""")]
    private static partial Regex AttributeGrant();
}
