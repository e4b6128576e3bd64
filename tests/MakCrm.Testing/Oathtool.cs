using System.Diagnostics;

namespace MakCrm.Testing;

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

    /// <summary>A well-formed code that is none of the codes of the previous, current or next 30 s (so surely wrong).</summary>
    public static string WrongTotp(string base32Secret)
    {
        var near = new[] { -1, 0, 1 }.Select(step => Totp(base32Secret, step)).ToHashSet();
        return Enumerable.Range(0, 10).Select(i => $"{i * 111_111 + 12_345:D6}"[..6]).First(code => !near.Contains(code));
    }
}
