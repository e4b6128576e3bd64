using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using MakCrm.Testing;

namespace MakCrm.IntegrationTests.Documents;

/// <summary>
/// A real S3 wire implementation on 127.0.0.1: the npm package s3rver (tests/tools/package.json), installed with
/// <c>npm ci</c> the first time it is needed and started on a free port with an empty data directory and one bucket.
/// Its credentials are s3rver's fixed ones.
/// </summary>
public sealed class S3rver : IAsyncDisposable
{
    public const string Bucket = "mak-documents";
    public const string AccessKey = "S3RVER";
    public const string SecretKey = "S3RVER";

    private static readonly SemaphoreSlim Install = new(1, 1);
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"mak-s3rver-{Guid.NewGuid():N}");
    private Process? _process;

    public S3rver(int port) => Port = port;

    public int Port { get; }

    public string ServiceUrl => $"http://127.0.0.1:{Port}";

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async Task StartAsync()
    {
        var tools = Path.Combine(Repository.Root(), "tests", "tools");
        await InstallAsync(tools);
        Directory.CreateDirectory(_directory);
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = tools,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[]
                 {
                     "node_modules/s3rver/bin/s3rver.js", "--directory", _directory, "--address", "127.0.0.1", "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                     "--silent", "--configure-bucket", Bucket,
                 })
        {
            start.ArgumentList.Add(argument);
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException("node did not start");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var until = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                using var client = new HttpClient();
                using var response = await client.GetAsync($"{ServiceUrl}/{Bucket}");
                if ((int)response.StatusCode < 500)
                {
                    return;
                }
            }
            catch (HttpRequestException) when (DateTime.UtcNow < until && !_process.HasExited)
            {
                await Task.Delay(100);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process?.Dispose();
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    /// <summary>The keys of the bucket's objects, listed over the wire.</summary>
    public async Task<IReadOnlyList<string>> KeysAsync()
    {
        var config = new Amazon.S3.AmazonS3Config { ServiceURL = ServiceUrl, ForcePathStyle = true, AuthenticationRegion = "us-east-1" };
        using var client = new Amazon.S3.AmazonS3Client(new Amazon.Runtime.BasicAWSCredentials(AccessKey, SecretKey), config);
        var listed = await client.ListObjectsV2Async(new Amazon.S3.Model.ListObjectsV2Request { BucketName = Bucket });
        return (listed.S3Objects ?? []).Select(o => o.Key).ToList();
    }

    private static async Task InstallAsync(string tools)
    {
        await Install.WaitAsync();
        try
        {
            if (File.Exists(Path.Combine(tools, "node_modules", "s3rver", "bin", "s3rver.js")))
            {
                return;
            }

            using var npm = Process.Start(new ProcessStartInfo("npm", "ci --no-audit --no-fund --loglevel=error") { WorkingDirectory = tools })
                ?? throw new InvalidOperationException("npm did not start");
            await npm.WaitForExitAsync();
            if (npm.ExitCode != 0)
            {
                throw new InvalidOperationException($"npm ci in {tools} failed ({npm.ExitCode})");
            }
        }
        finally
        {
            Install.Release();
        }
    }
}

/// <summary>An s3rver for a test class (<c>IClassFixture</c>).</summary>
public sealed class S3rverFixture : IAsyncLifetime
{
    public S3rver Server { get; } = new(S3rver.FreePort());

    public Task InitializeAsync() => Server.StartAsync();

    public Task DisposeAsync() => Server.DisposeAsync().AsTask();
}
