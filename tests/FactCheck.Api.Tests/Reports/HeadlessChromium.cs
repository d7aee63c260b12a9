using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

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

    /// <summary>
    /// Opens <paramref name="url"/> in a viewport of the given size (a phone: <paramref name="mobile"/>), evaluates
    /// <paramref name="expression"/> in it through the DevTools protocol (which the page's CSP does not govern, so a
    /// page without scripts can still be measured) and returns its value as JSON; optionally writes a screenshot of
    /// the whole page.
    /// </summary>
    public static async Task<JsonNode?> EvaluateAsync(string url, int width, int height, bool mobile, string expression, string? screenshot = null)
    {
        var exe = Executable ?? throw new InvalidOperationException("chromium is not installed: scripts/test.sh installs Debian's chromium package");
        var profile = Directory.CreateTempSubdirectory("factcheck-chromium-");
        var start = new ProcessStartInfo(exe) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in Flags(profile).Concat(["--remote-debugging-port=0", "--remote-allow-origins=*", "about:blank"])) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            string? browser = null;
            while (browser is null && await process.StandardError.ReadLineAsync(timeout.Token) is { } line)
                if (line.StartsWith("DevTools listening on ", StringComparison.Ordinal)) browser = line["DevTools listening on ".Length..].Trim();
            var port = new Uri(browser ?? throw new InvalidOperationException("chromium printed no DevTools address")).Port;
            _ = process.StandardError.ReadToEndAsync(timeout.Token);
            using var http = new HttpClient();
            var targets = JsonNode.Parse(await http.GetStringAsync($"http://127.0.0.1:{port}/json/list", timeout.Token))!.AsArray();
            var page = targets.First(t => t!["type"]!.GetValue<string>() == "page")!["webSocketDebuggerUrl"]!.GetValue<string>();
            using var socket = new ClientWebSocket();
            await socket.ConnectAsync(new Uri(page), timeout.Token);
            var id = 0;
            async Task<JsonNode> Send(string method, object parameters)
            {
                var mine = ++id;
                await socket.SendAsync(JsonSerializer.SerializeToUtf8Bytes(new { id = mine, method, @params = parameters }), WebSocketMessageType.Text, true, timeout.Token);
                while (true)
                {
                    using var buffer = new MemoryStream();
                    var chunk = new byte[64 * 1024];
                    WebSocketReceiveResult received;
                    do
                    {
                        received = await socket.ReceiveAsync(chunk, timeout.Token);
                        buffer.Write(chunk, 0, received.Count);
                    }
                    while (!received.EndOfMessage);
                    var message = JsonNode.Parse(Encoding.UTF8.GetString(buffer.ToArray()))!;
                    if (message["id"]?.GetValue<int>() != mine) continue;
                    if (message["error"] is { } error) throw new InvalidOperationException($"{method}: {error.ToJsonString()}");
                    return message["result"]!;
                }
            }
            await Send("Emulation.setDeviceMetricsOverride", new { width, height, deviceScaleFactor = 1, mobile });
            await Send("Page.navigate", new { url });
            for (var i = 0; i < 100; i++)
            {
                var state = await Send("Runtime.evaluate", new { expression = "document.readyState", returnByValue = true });
                if (state["result"]?["value"]?.GetValue<string>() == "complete") break;
                await Task.Delay(100, timeout.Token);
            }
            var value = await Send("Runtime.evaluate", new { expression, returnByValue = true });
            if (screenshot is not null)
            {
                var shot = await Send("Page.captureScreenshot", new { format = "png", captureBeyondViewport = true });
                await File.WriteAllBytesAsync(screenshot, Convert.FromBase64String(shot["data"]!.GetValue<string>()), timeout.Token);
            }
            return value["result"]?["value"] is { } v ? JsonNode.Parse(v.ToJsonString()) : null;
        }
        finally
        {
            try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { /* already gone */ }
            await process.WaitForExitAsync();
            try { profile.Delete(recursive: true); } catch (IOException) { /* chromium may still hold a lock file */ }
        }
    }

    static string[] Flags(DirectoryInfo profile) =>
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--no-default-browser-check",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-extensions", "--disable-default-apps",
        "--disable-domain-reliability", "--disable-client-side-phishing-detection", "--metrics-recording-only", "--hide-scrollbars",
        "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1", $"--user-data-dir={profile.FullName}",
    ];

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
            foreach (var a in Flags(profile).Concat(args)) start.ArgumentList.Add(a);
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
