using System.Diagnostics;

namespace MakCrm.IntegrationTests.Auth;

/// <summary>
/// TOTP codes from oathtool (Debian's oath-toolkit), an implementation independent of ours, as an authenticator app
/// would show them. ./mak test installs it.
/// </summary>
public static class Oathtool
{
    public static string Totp(string base32Secret, int offsetSteps = 0)
    {
        var start = new ProcessStartInfo("oathtool") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "--totp", "-b", $"--now={DateTimeOffset.UtcNow.AddSeconds(30 * offsetSteps):yyyy-MM-dd HH:mm:ss} UTC", base32Secret })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("oathtool did not start; install the oathtool package.");
        var code = process.StandardOutput.ReadToEnd().Trim();
        process.WaitForExit();
        return process.ExitCode == 0 && code.Length == 6 ? code : throw new InvalidOperationException($"oathtool failed: {process.StandardError.ReadToEnd()}");
    }
}
