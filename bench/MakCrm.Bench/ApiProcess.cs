using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;

namespace MakCrm.Bench;

/// <summary>
/// The real API (the Release MakCrm.WebApi.dll) as a separate process on a free loopback port, on its own fresh
/// database, with the rate limits lifted and a bootstrap administrator — the way clients/typescript/test/global-setup.ts
/// starts it. Its output goes straight to a log file (the shell's redirection, not a pipe this process reads, so that
/// the harness does no work per log line on the API's side only); its peak resident memory comes from the kernel (VmHWM).
/// </summary>
internal sealed class ApiProcess : IAsyncDisposable
{
    public const string AdminEmail = "admin@bench.test";
    public const string AdminPassword = "Bench-Admin-Password-2026";

    private readonly Process _process;

    private ApiProcess(Process process, Uri baseUrl, string logPath)
    {
        _process = process;
        BaseUrl = baseUrl;
        LogPath = logPath;
    }

    public Uri BaseUrl { get; }

    public string LogPath { get; }

    public int ProcessId => _process.Id;

    public static async Task<ApiProcess> StartAsync(BenchOptions options, string database, CancellationToken cancellationToken)
    {
        var port = FreePort();
        var baseUrl = new Uri($"http://127.0.0.1:{port}");
        Directory.CreateDirectory(options.ResultsDirectory);
        var logPath = Path.GetFullPath(Path.Combine(options.ResultsDirectory, $"{database}.api.log"));
        // `exec` keeps the process id, so the id below is the API's own (for VmHWM, CPU and the signal that stops it).
        var start = new ProcessStartInfo("/bin/sh")
        {
            ArgumentList = { "-c", "exec dotnet \"$0\" --urls \"$1\" >\"$2\" 2>&1", options.ApiDll, baseUrl.ToString().TrimEnd('/'), logPath },
            WorkingDirectory = Path.GetDirectoryName(options.ApiDll)!,
            UseShellExecute = false,
        };
        var environment = new Dictionary<string, string>
        {
            ["MAK_DB"] = Databases.For(options.ServerConnection, database),
            ["Mak__MigrateOnStartup"] = "true",
            ["Mak__SeedDemoData"] = "false",
            ["MAK_KEY_ENCRYPTION_KEY"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["Mak__Tokens__Issuer"] = baseUrl.ToString().TrimEnd('/'),
            // One sign-in must last the whole run (a million-row import takes minutes on a loaded machine).
            ["Mak__Tokens__AccessTokenLifetime"] = "04:00:00",
            ["Mak__BootstrapAdminEmail"] = AdminEmail,
            ["Mak__BootstrapAdminPassword"] = AdminPassword,
            // The rate limits protect production from one caller; here one caller is the whole load.
            ["Mak__RateLimits__ApiRequestsPerMinute"] = "1000000000",
            ["Mak__RateLimits__TokenRequestsPerMinute"] = "100000",
            ["Mak__RateLimits__SignInsPerUsernamePerMinute"] = "100000",
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["DOTNET_ENVIRONMENT"] = "Production",
            ["DOTNET_NOLOGO"] = "1",
            // The deployment's GC setting (Dockerfile, ./mak run): measure the API as it runs.
            ["DOTNET_GCgen0size"] = "0x1000000",
        };
        // Experiments on the API alone (bench/README.md): MAK_BENCH_API_ENV="NAME=value;NAME=value" reaches only its process.
        foreach (var pair in (Environment.GetEnvironmentVariable("MAK_BENCH_API_ENV") ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=');
            if (equals < 1)
            {
                throw new ArgumentException($"MAK_BENCH_API_ENV: '{pair}' is not NAME=value.");
            }

            environment[pair[..equals]] = pair[(equals + 1)..];
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start dotnet.");
        var api = new ApiProcess(process, baseUrl, logPath);
        try
        {
            await api.WaitUntilReadyAsync(cancellationToken);
        }
        catch
        {
            await api.DisposeAsync();
            throw;
        }

        return api;
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

    private async Task WaitUntilReadyAsync(CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = BaseUrl, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.StartNew();
        var last = "no answer yet";
        while (deadline.Elapsed < TimeSpan.FromSeconds(120))
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The API exited with code {_process.ExitCode} while starting; see {LogPath}.");
            }

            try
            {
                using var response = await http.GetAsync("/health/ready", cancellationToken);
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

        throw new TimeoutException($"The API at {BaseUrl} was not ready within 120 s (last: {last}); see {LogPath}.");
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

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
