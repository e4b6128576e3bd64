using System.Diagnostics;

namespace MakCrm.Testing;

/// <summary>
/// Prometheus's own checker (<c>promtool</c>, from Debian's <c>prometheus</c> package; ./mak test installs it): what it
/// accepts, Prometheus scrapes and loads.
/// </summary>
public static class Promtool
{
    /// <summary>Runs <c>promtool</c> with the arguments and, when given, <paramref name="input"/> on its standard input.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string? input, params string[] arguments)
    {
        var start = new ProcessStartInfo("promtool")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("promtool did not start; install Debian's prometheus package.");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        if (input is not null)
        {
            await process.StandardInput.WriteAsync(input);
        }

        process.StandardInput.Close();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output + await errors);
    }
}
