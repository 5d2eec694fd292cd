using System.Diagnostics;

namespace ChinaDial.Compliance.Cli.Tests;

/// <summary>Runs Debian's headless Chromium (package <c>chromium</c>; <c>eng/test.sh</c> installs it when missing).</summary>
internal static class HeadlessChromium
{
    public static string Executable { get; } = new[] { "/usr/bin/chromium", "/usr/bin/chromium-browser" }.FirstOrDefault(File.Exists)
        ?? throw new InvalidOperationException("Headless Chromium is needed for the report test: run 'apt-get install -y chromium' (eng/test.sh does it when missing).");

    /// <summary>Loads <paramref name="htmlPath"/>, lets its scripts run, and returns the DOM as serialised after that.</summary>
    public static string DumpDom(string htmlPath)
    {
        var profile = Directory.CreateTempSubdirectory("chinadial-chromium-");
        try
        {
            var start = new ProcessStartInfo(Executable)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var arg in new[]
            {
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", $"--user-data-dir={profile.FullName}", "--virtual-time-budget=5000",
                "--dump-dom", new Uri(htmlPath).AbsoluteUri,
            })
            {
                start.ArgumentList.Add(arg);
            }

            using var process = Process.Start(start)!;
            var stderr = process.StandardError.ReadToEndAsync();
            var dom = process.StandardOutput.ReadToEnd();
            if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException("Chromium did not finish within 60 s.");
            }

            return process.ExitCode == 0 ? dom : throw new InvalidOperationException($"Chromium exited with {process.ExitCode}: {stderr.Result}");
        }
        finally
        {
            profile.Delete(recursive: true);
        }
    }
}
