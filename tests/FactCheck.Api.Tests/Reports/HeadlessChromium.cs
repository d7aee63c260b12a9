using System.Diagnostics;

namespace FactCheck.Api.Tests.Reports;

/// <summary>
/// Debian's chromium, headless, as a user's browser: renders a page (scripts on, as a browser has them) and returns
/// the DOM after it ran, or writes a screenshot. Background networking is off and every host name but loopback
/// fails to resolve, so it talks to 127.0.0.1 only. scripts/test.sh installs it when missing.
/// </summary>
static class HeadlessChromium
{
    public static string? Executable => new[] { "/usr/bin/chromium", "/usr/bin/chromium-browser" }.FirstOrDefault(File.Exists);

    public static Task<string> DumpDomAsync(string url) => RunAsync(["--dump-dom", url]);

    public static Task<string> ScreenshotAsync(string url, string path) => RunAsync([$"--screenshot={path}", "--window-size=1280,2000", url]);

    static async Task<string> RunAsync(string[] args)
    {
        var exe = Executable ?? throw new InvalidOperationException("chromium is not installed: scripts/test.sh installs Debian's chromium package");
        var profile = Directory.CreateTempSubdirectory("factcheck-chromium-");
        try
        {
            var start = new ProcessStartInfo(exe)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            foreach (var a in new[]
                     {
                         "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--no-default-browser-check",
                         "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-extensions", "--disable-default-apps",
                         "--disable-domain-reliability", "--disable-client-side-phishing-detection", "--metrics-recording-only", "--hide-scrollbars",
                         "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1", $"--user-data-dir={profile.FullName}",
                     }.Concat(args))
                start.ArgumentList.Add(a);
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await process.WaitForExitAsync(timeout.Token);
            if (process.ExitCode != 0) throw new InvalidOperationException($"chromium exited {process.ExitCode}: {await stderr}");
            return await stdout;
        }
        finally
        {
            try { profile.Delete(recursive: true); } catch (IOException) { /* chromium may still hold a lock file */ }
        }
    }
}
