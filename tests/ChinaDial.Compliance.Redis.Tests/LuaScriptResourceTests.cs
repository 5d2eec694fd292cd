using System.Reflection;
using System.Runtime.CompilerServices;

namespace ChinaDial.Compliance.Redis.Tests;

/// <summary>The Redis adapter's Lua scripts are <c>Scripts/*.lua</c> files embedded in its assembly: every one of them
/// is read by the adapter, and every one the adapter reads is embedded.</summary>
public class LuaScriptResourceTests
{
    private static readonly Assembly Adapter = typeof(LuaScripts).Assembly;

    [Fact]
    public void Every_embedded_Lua_script_is_read_by_the_adapter_and_every_script_it_reads_is_embedded()
    {
        var embedded = EmbeddedScriptNames();
        Assert.NotEmpty(embedded);

        // The scripts are read by the static fields that hold them: initialise every type of the adapter.
        foreach (var type in Adapter.GetTypes())
        {
            if (!type.ContainsGenericParameters)
            {
                RuntimeHelpers.RunClassConstructor(type.TypeHandle);
            }
        }

        Assert.Equal(embedded, LuaScripts.ReadSoFar.Order(StringComparer.Ordinal).ToArray());
    }

    [Fact]
    public void Every_embedded_Lua_script_loads_as_text_without_a_carriage_return_or_a_final_newline()
    {
        foreach (var name in EmbeddedScriptNames())
        {
            var text = LuaScripts.Read(name);
            Assert.False(string.IsNullOrWhiteSpace(text), name);
            Assert.DoesNotContain('\r', text);
            Assert.False(text.EndsWith("\n\n", StringComparison.Ordinal), name);
        }
    }

    [Fact]
    public void A_script_that_is_not_embedded_is_a_build_error_reported_when_it_is_read()
        => Assert.Throws<InvalidOperationException>(() => LuaScripts.Read("no-such-script"));

    [Fact]
    public void The_release_scripts_share_the_sliding_log_give_back()
    {
        Assert.StartsWith(SlidingLogScript.Without, SlidingLogScript.Release.Text, StringComparison.Ordinal);
        Assert.StartsWith(SlidingLogScript.Without, CallerIdScript.Release.Text, StringComparison.Ordinal);
        Assert.Contains("local function without(", SlidingLogScript.Without, StringComparison.Ordinal);
    }

    private static string[] EmbeddedScriptNames()
        => Adapter.GetManifestResourceNames()
            .Where(n => n.StartsWith(LuaScripts.ResourcePrefix, StringComparison.Ordinal) && n.EndsWith(LuaScripts.ResourceSuffix, StringComparison.Ordinal))
            .Select(n => n[LuaScripts.ResourcePrefix.Length..^LuaScripts.ResourceSuffix.Length])
            .Order(StringComparer.Ordinal)
            .ToArray();
}
