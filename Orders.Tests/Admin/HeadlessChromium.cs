using Microsoft.Playwright;

namespace Orders.Tests.Admin;

/// <summary>
/// Debian's Chromium, driven by Playwright through ExecutablePath (Playwright's own browser download is not
/// reachable here, and is never asked for). Missing, it fails the test under CI=true and skips it, saying why, elsewhere.
/// </summary>
public static class HeadlessChromium
{
    public const string PathVariable = "CHROMIUM_PATH";
    public const string DefaultPath = "/usr/bin/chromium";

    public static string Locate()
    {
        var path = Environment.GetEnvironmentVariable(PathVariable) is { Length: > 0 } configured ? configured : DefaultPath;
        if (File.Exists(path))
            return path;

        var message = $"Chromium is not at {path}: install it with `scripts/prerequisites.sh --with-browser` (Debian package chromium), or set {PathVariable}.";
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            Assert.Fail(message);
        Assert.Ignore(message);
        return path;
    }

    public static Task<IBrowser> LaunchAsync(IPlaywright playwright) => playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
    {
        ExecutablePath = Locate(),
        Headless = true,
        // Root has no user namespace sandbox here; /dev/shm may be small in containers.
        Args = ["--no-sandbox", "--disable-dev-shm-usage"],
    });
}
