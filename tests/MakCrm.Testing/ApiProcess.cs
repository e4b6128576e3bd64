using System.Diagnostics;
using System.Text.Json;

namespace MakCrm.Testing;

/// <summary>
/// The Release API (<c>src/WebApi/bin/Release/net10.0/MakCrm.WebApi.dll</c>, which ./mak test builds) as a process of its
/// own over a fixture's database, with its keys and issuer, so the fixture's tokens work on it. For what must be seen
/// from outside one process: its metrics, which in-process servers of a test run would share (System.Diagnostics.Metrics'
/// meters of one name are one stream to a listener). Its addresses are read from its start-up log lines.
/// </summary>
public sealed class ApiProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly TaskCompletionSource<Uri> _api = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<Uri> _metrics = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<string> _output = [];

    private ApiProcess(ApiServerFixture fixture, IReadOnlyDictionary<string, string> settings)
    {
        var dll = Path.Combine(Repository.Root(), "src", "WebApi", "bin", "Release", "net10.0", "MakCrm.WebApi.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetDirectoryName(dll)! };
        start.ArgumentList.Add(dll);
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_URLS"] = "http://127.0.0.1:0",
            ["ASPNETCORE_CONTENTROOT"] = Path.GetDirectoryName(dll)!,
            ["MAK_DB"] = fixture.ConnectionString,
            ["MAK_KEY_ENCRYPTION_KEY"] = fixture.KeyEncryptionKey,
            ["Mak__Tokens__Issuer"] = ApiServerFixture.Issuer,
            ["Mak__Mail__PickupDirectory"] = Path.Combine(Path.GetTempPath(), "mak-test-mail"),
            ["Mak__Documents__Directory"] = Path.Combine(Path.GetTempPath(), "mak-test-documents"),
            // Metrics on a free port (the process says which), so that processes side by side never compete for one.
            ["Mak__Metrics__Port"] = "0",
            ["Mak__Metrics__Address"] = "127.0.0.1",
            ["Logging__LogLevel__Default"] = "Warning",
            ["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information",
            ["Logging__LogLevel__MakCrm.WebApi.Observability"] = "Information",
        };
        foreach (var (key, value) in settings)
        {
            environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        _process.OutputDataReceived += (_, line) => Read(line.Data);
        _process.ErrorDataReceived += (_, line) => Read(line.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public Uri Address => _api.Task.Result;

    public Uri MetricsAddress => _metrics.Task.Result;

    /// <summary>Starts it and waits until it listens on both its ports.</summary>
    public static async Task<ApiProcess> StartAsync(ApiServerFixture fixture, IReadOnlyDictionary<string, string> settings)
    {
        var api = new ApiProcess(fixture, settings);
        try
        {
            await Task.WhenAll(api._api.Task, api._metrics.Task).WaitAsync(TimeSpan.FromSeconds(60));
            return api;
        }
        catch (TimeoutException)
        {
            await api.DisposeAsync();
            throw new TimeoutException($"The API process did not start listening:\n{string.Join('\n', api._output)}");
        }
    }

    /// <summary>The lines it wrote to standard output and error so far.</summary>
    public IReadOnlyList<string> Output
    {
        get
        {
            lock (_output)
            {
                return [.. _output];
            }
        }
    }

    /// <summary>Sends it SIGTERM, as an orchestrator stopping it does.</summary>
    public void Terminate()
    {
        var pid = _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var kill = Process.Start("kill", ["-TERM", pid])!;
        kill.WaitForExit();
    }

    /// <summary>Its exit code once it exited; null if it still runs after <paramref name="timeout"/>.</summary>
    public async Task<int?> ExitCodeAsync(TimeSpan timeout)
    {
        try
        {
            await _process.WaitForExitAsync().WaitAsync(timeout);
            return _process.ExitCode;
        }
        catch (TimeoutException)
        {
            return null;
        }
    }

    public HttpClient CreateHttpClient(string? accessToken = null)
    {
        var http = new HttpClient { BaseAddress = Address };
        if (accessToken is not null)
        {
            http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", accessToken);
        }

        return http;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private void Read(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.Add(line);
        }

        try
        {
            using var json = JsonDocument.Parse(line);
            var message = json.RootElement.GetProperty("Message").GetString() ?? "";
            if (message.StartsWith("Now listening on: ", StringComparison.Ordinal))
            {
                _api.TrySetResult(new Uri(message["Now listening on: ".Length..]));
            }
            else if (message.StartsWith("Metrics are served at ", StringComparison.Ordinal))
            {
                _metrics.TrySetResult(new Uri(new Uri(message["Metrics are served at ".Length..^1]), "/"));
            }
        }
        catch (JsonException)
        {
            // Not a log line of ours.
        }
        catch (KeyNotFoundException)
        {
            // A JSON line without a message.
        }
    }
}
