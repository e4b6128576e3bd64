using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace MakCrm.Bench;

/// <summary>
/// A server of a benchmark (the API, or a baseline) as a separate process on a free loopback port. Its output goes
/// straight to a log file (the shell's redirection, not a pipe this process reads, so that the harness does no work
/// per log line on one side only); its peak resident memory comes from the kernel (VmHWM). It is ready when its
/// readiness path answers 200, and stops on SIGTERM.
/// </summary>
internal sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _name;

    private ServerProcess(Process process, string name, Uri baseUrl, string logPath)
    {
        _process = process;
        _name = name;
        BaseUrl = baseUrl;
        LogPath = logPath;
    }

    public Uri BaseUrl { get; }

    public string LogPath { get; }

    public int ProcessId => _process.Id;

    /// <summary>How the API is deployed to run (Dockerfile, ./mak run), for every server a benchmark measures.</summary>
    public static readonly IReadOnlyDictionary<string, string> DeploymentRuntime = new Dictionary<string, string>
    {
        ["ASPNETCORE_ENVIRONMENT"] = "Production",
        ["DOTNET_ENVIRONMENT"] = "Production",
        ["DOTNET_NOLOGO"] = "1",
        ["DOTNET_GCgen0size"] = "0x1000000",
    };

    /// <summary>
    /// Starts <c>dotnet <paramref name="dll"/> --urls URL <paramref name="arguments"/></c> in the dll's directory with
    /// <paramref name="environment"/> added, writes <paramref name="input"/> (if any) to its standard input and closes it,
    /// and waits until <paramref name="readyPath"/> answers 200.
    /// </summary>
    public static async Task<ServerProcess> StartAsync(
        string name, Uri baseUrl, string dll, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string> environment, string logPath,
        string readyPath, string? input, CancellationToken cancellationToken)
    {
        var start = Dotnet(dll, ["--urls", baseUrl.ToString().TrimEnd('/'), .. arguments], environment, logPath);
        start.RedirectStandardInput = input is not null;
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start dotnet.");
        var server = new ServerProcess(process, name, baseUrl, logPath);
        try
        {
            if (input is not null)
            {
                await process.StandardInput.WriteAsync(input.AsMemory(), cancellationToken);
                process.StandardInput.Close();
            }

            await server.WaitUntilReadyAsync(readyPath, cancellationToken);
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        return server;
    }

    /// <summary>
    /// <c>dotnet <paramref name="dll"/> <paramref name="arguments"/></c> in the dll's directory with
    /// <paramref name="environment"/> added, its output and errors to <paramref name="logPath"/> by the shell's
    /// redirection. <c>exec</c> keeps the process id, so the started process's id is dotnet's own (for VmHWM, CPU and
    /// the signal that stops it).
    /// </summary>
    public static ProcessStartInfo Dotnet(string dll, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment, string logPath)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(logPath)!);
        var start = new ProcessStartInfo("/bin/sh")
        {
            ArgumentList = { "-c", "log=\"$1\"; shift; exec dotnet \"$@\" >\"$log\" 2>&1", "sh", logPath, dll },
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (variable, value) in environment)
        {
            start.Environment[variable] = value;
        }

        return start;
    }

    /// <summary>The process's peak resident set size so far (VmHWM), in bytes.</summary>
    public long PeakResidentBytes() => ReadStatusKilobytes("VmHWM") * 1024;

    /// <summary>The process's resident set size now (VmRSS), in bytes.</summary>
    public long ResidentBytes() => ReadStatusKilobytes("VmRSS") * 1024;

    private long ReadStatusKilobytes(string field)
    {
        foreach (var line in File.ReadLines($"/proc/{_process.Id}/status"))
        {
            if (line.StartsWith(field + ":", StringComparison.Ordinal))
            {
                return long.Parse(line[(field.Length + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
            }
        }

        throw new InvalidOperationException($"/proc/{_process.Id}/status has no {field}.");
    }

    private async Task WaitUntilReadyAsync(string readyPath, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = BaseUrl, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.StartNew();
        var last = "no answer yet";
        while (deadline.Elapsed < TimeSpan.FromSeconds(120))
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The {_name} exited with code {_process.ExitCode} while starting; see {LogPath}.");
            }

            try
            {
                using var response = await http.GetAsync(readyPath, cancellationToken);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }

                last = $"HTTP {(int)response.StatusCode}";
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                last = ex.Message;
            }

            await Task.Delay(250, cancellationToken);
        }

        throw new TimeoutException($"The {_name} at {BaseUrl} was not ready within 120 s (last: {last}); see {LogPath}.");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            // SIGTERM first, for a graceful shutdown; only this process, by its id.
            using (var term = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]))
            {
                await term.WaitForExitAsync();
            }

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            try
            {
                await _process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill();
                await _process.WaitForExitAsync();
            }
        }

        _process.Dispose();
    }

    /// <summary>A loopback address with a port free now.</summary>
    public static Uri FreeLoopbackUrl()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return new Uri($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}");
    }
}
