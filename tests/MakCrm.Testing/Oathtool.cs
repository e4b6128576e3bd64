using System.Collections.Concurrent;
using System.Diagnostics;

namespace MakCrm.Testing;

/// <summary>
/// TOTP codes from oathtool (Debian's oath-toolkit), an implementation independent of ours, as an authenticator app
/// would show them. ./mak test installs it.
/// </summary>
public static class Oathtool
{
    private const int StepSeconds = 30;

    /// <summary>How many steps ahead of now the server still accepts a code (its window is two steps either way).</summary>
    private const int StepsAhead = 2;

    private static readonly ConcurrentDictionary<string, long> LastStepHandedOut = new(StringComparer.Ordinal);
    private static readonly Lock HandingOut = new();

    /// <summary>
    /// A code the server accepts now that this process has not handed out before for the secret: the server accepts a
    /// code once, and then only codes of later steps, so a test that needs several codes within 30 s gets the codes
    /// of the next steps (which the server's window accepts) in order, as a user who waits for the next code would.
    /// Past the window, it waits for the clock.
    /// </summary>
    public static string Totp(string base32Secret)
    {
        long step;
        lock (HandingOut)
        {
            var now = CurrentStep();
            step = LastStepHandedOut.TryGetValue(base32Secret, out var last) ? Math.Max(now, last + 1) : now;
            LastStepHandedOut[base32Secret] = step;
        }

        while (step > CurrentStep() + StepsAhead)
        {
            Thread.Sleep(TimeSpan.FromSeconds(1));
        }

        return AtStep(base32Secret, step);
    }

    /// <summary>The code of the step <paramref name="offsetSteps"/> × 30 s from now, whether handed out before or not.</summary>
    public static string TotpAt(string base32Secret, int offsetSteps) => AtStep(base32Secret, CurrentStep() + offsetSteps);

    /// <summary>A well-formed code that is none of the codes the server's window could accept now (so surely wrong).</summary>
    public static string WrongTotp(string base32Secret)
    {
        var near = Enumerable.Range(-StepsAhead, 2 * StepsAhead + 2).Select(step => TotpAt(base32Secret, step)).ToHashSet();
        return Enumerable.Range(0, 10).Select(i => $"{i * 111_111 + 12_345:D6}"[..6]).First(code => !near.Contains(code));
    }

    private static long CurrentStep() => DateTimeOffset.UtcNow.ToUnixTimeSeconds() / StepSeconds;

    private static string AtStep(string base32Secret, long step)
    {
        var start = new ProcessStartInfo("oathtool") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "--totp", "-b", $"--now={DateTimeOffset.FromUnixTimeSeconds(step * StepSeconds):yyyy-MM-dd HH:mm:ss} UTC", base32Secret })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("oathtool did not start; install the oathtool package.");
        var code = process.StandardOutput.ReadToEnd().Trim();
        process.WaitForExit();
        return process.ExitCode == 0 && code.Length == 6 ? code : throw new InvalidOperationException($"oathtool failed: {process.StandardError.ReadToEnd()}");
    }
}
