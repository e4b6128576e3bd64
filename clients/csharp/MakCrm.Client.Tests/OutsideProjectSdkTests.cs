using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using MakCrm.Testing;

namespace MakCrm.Client.Tests;

/// <summary>
/// The SDK as a developer outside this repository gets it: the package that <c>./mak pack</c> puts in a folder (beside
/// the TypeScript package), used as a local source by a new net8.0 console project whose nuget.config has that folder
/// as its only source — so it restores offline, its dependencies from the machine's NuGet cache — built and run on
/// the .NET runtime at hand (DOTNET_ROLL_FORWARD=Major) against the live test server.
/// The same project carries every <c>csharp</c> block of the SDK's README, so a README example that does not compile
/// fails here, and the blocks not marked <c>no-run</c> run.
/// </summary>
public sealed partial class OutsideProjectSdkTests(ApiServerFixture server) : SdkTest(server)
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static string? _built;

    [Fact]
    public async Task A_net8_console_project_from_the_packed_package_signs_in_creates_pages_and_catches_a_typed_problem()
    {
        var output = await RunAsync("scenario");

        output.Should().Contain("scenario ok");
        output.Should().MatchRegex("getLead failed: 404 not_found: .*traceId");
    }

    [Fact]
    public async Task Every_csharp_block_of_the_readme_compiles_and_the_runnable_ones_run_against_the_server()
    {
        var output = await RunAsync("readme");

        output.Should().Contain("readme ok");
        output.Should().NotContain("FAILED");
    }

    private async Task<string> RunAsync(string mode)
    {
        var app = await BuildOnceAsync();
        var (clientId, secret) = await RegisterApiClientAsync();
        var run = await ProcessAsync(
            "dotnet",
            [app, mode],
            Path.GetDirectoryName(app)!,
            new Dictionary<string, string>
            {
                ["DOTNET_ROLL_FORWARD"] = "Major",
                ["MAK_SERVER"] = Server.BaseAddress.ToString(),
                ["MAK_CLIENT_ID"] = clientId,
                ["MAK_CLIENT_SECRET"] = secret,
                ["MAK_ADMIN_TOKEN"] = await Server.AccessTokenAsync(TestActor.Admin),
                ["MAK_ORGANIZATION_ID"] = TestActors.PartnerAlphaOrganization.ToString(),
            },
            TimeSpan.FromMinutes(3)
        );
        run.ExitCode.Should().Be(0, run.Output);
        return run.Output;
    }

    private async Task<(string ClientId, string Secret)> RegisterApiClientAsync()
    {
        var registered = (
            await Api.RegisterApiClientAsync(
                new RegisterApiClientRequest
                {
                    Name = "Outside project " + Guid.NewGuid().ToString("N")[..8],
                    OrganizationId = TestActors.PartnerAlphaOrganization,
                    Scopes = ["clients.read.own", "clients.write", "leads.read.own", "leads.write"],
                }
            )
        ).Result;
        return (registered.Client.ClientId, registered.ClientSecret);
    }

    // Packs both SDKs with ./mak pack, the NuGet package with a version of its own (so that no cached package of the
    // same version is used), writes the outside project and builds it, once per test run; answers the path of the
    // built program.
    private static async Task<string> BuildOnceAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (_built is not null)
            {
                return _built;
            }

            var root = Repository.Root();
            var work = Directory
                .CreateDirectory(Path.Combine(Path.GetTempPath(), "makcrm-sdk-" + Guid.NewGuid().ToString("N")[..12]))
                .FullName;
            var feed = Directory.CreateDirectory(Path.Combine(work, "feed")).FullName;
            var version =
                $"{MakCrmOperations.ContractVersion}-test.{DateTime.UtcNow:yyyyMMddHHmmss}.{Environment.ProcessId}";
            var pack = await ProcessAsync(
                "bash",
                [Path.Combine(root, "mak"), "pack", feed],
                root,
                new Dictionary<string, string>
                {
                    ["MAK_PACKAGE_VERSION"] = version,
#if !DEBUG
                    // The test run has built the Release SDK already.
                    ["MAK_SKIP_BUILD"] = "true",
#endif
                },
                TimeSpan.FromMinutes(5)
            );
            pack.ExitCode.Should().Be(0, pack.Output);
            Directory
                .GetFiles(feed)
                .Select(Path.GetFileName)
                .Should()
                .BeEquivalentTo(
                    [$"MakCrm.Client.{version}.nupkg", $"mak-crm-client-{MakCrmOperations.ContractVersion}.tgz"],
                    "./mak pack puts both packages in one folder"
                );

            var app = Directory.CreateDirectory(Path.Combine(work, "app")).FullName;
            await File.WriteAllTextAsync(
                Path.Combine(app, "nuget.config"),
                """
                <?xml version="1.0" encoding="utf-8"?>
                <configuration>
                  <packageSources>
                    <!-- The packed SDK alone: its dependencies come from the machine's NuGet cache, offline. -->
                    <clear />
                    <add key="makcrm-local" value="../feed" />
                  </packageSources>
                </configuration>
                """
            );
            await File.WriteAllTextAsync(
                Path.Combine(app, "OutsideApp.csproj"),
                $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <OutputType>Exe</OutputType>
                    <TargetFramework>net8.0</TargetFramework>
                    <!-- Run as `dotnet OutsideApp.dll`: no native launcher, whose net8.0 package a machine that has
                         only built net10.0 apps does not hold in its NuGet cache. -->
                    <UseAppHost>false</UseAppHost>
                    <Nullable>enable</Nullable>
                    <ImplicitUsings>enable</ImplicitUsings>
                    <NoWarn>$(NoWarn);CS1998;CS0219;CS0168;CS8321;NU1603</NoWarn>
                  </PropertyGroup>
                  <ItemGroup>
                    <PackageReference Include="MakCrm.Client" Version="{version}" />
                    <PackageReference Include="Microsoft.Extensions.DependencyInjection" Version="8.0.1" />
                    <PackageReference Include="Microsoft.Extensions.Configuration" Version="8.0.0" />
                  </ItemGroup>
                </Project>
                """
            );
            await File.WriteAllTextAsync(Path.Combine(app, "Program.cs"), ProgramSource);
            await File.WriteAllTextAsync(
                Path.Combine(app, "Readme.cs"),
                ReadmeSource(await File.ReadAllTextAsync(Path.Combine(root, "clients/csharp/MakCrm.Client/README.md")))
            );

            var build = await ProcessAsync(
                "dotnet",
                ["build", "-c", "Release", "--nologo", "-clp:ErrorsOnly"],
                app,
                new Dictionary<string, string>(),
                TimeSpan.FromMinutes(5)
            );
            ForgetCachedPackage(version);
            build.ExitCode.Should().Be(0, build.Output);
            _built = Path.Combine(app, "bin/Release/net8.0/OutsideApp.dll");
            return _built;
        }
        finally
        {
            Gate.Release();
        }
    }

    // The test's package version is never used again: leave no copy of it in the global packages folder.
    private static void ForgetCachedPackage(string version)
    {
        var packages =
            Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var cached = Path.Combine(packages, "makcrm.client", version.ToLowerInvariant());
        if (Directory.Exists(cached))
        {
            Directory.Delete(cached, recursive: true);
        }
    }

    private static async Task<(int ExitCode, string Output)> ProcessAsync(
        string file,
        IEnumerable<string> arguments,
        string directory,
        IReadOnlyDictionary<string, string> environment,
        TimeSpan timeout
    )
    {
        var start = new ProcessStartInfo(file)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(start)!;
        var output = new StringBuilder();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException(
                $"{file} {string.Join(' ', start.ArgumentList)} did not finish within {timeout}: "
                + $"{await stdout}{await stderr}"
            );
        }

        output.Append(await stdout).Append(await stderr);
        return (process.ExitCode, output.ToString());
    }

    /// <summary>
    /// The README's <c>csharp</c> blocks as methods of one class: the <c>using</c> lines go to the top of the file, the
    /// variables the README names as given are static fields (a block may declare a local of the same name), and a
    /// table lists which blocks run.
    /// </summary>
    internal static string ReadmeSource(string readme)
    {
        var usings = new SortedSet<string>(StringComparer.Ordinal) { "using MakCrm.Client;" };
        var methods = new StringBuilder();
        var table = new StringBuilder();
        var index = 0;
        foreach (Match block in ReadmeBlock().Matches(readme))
        {
            index++;
            var line = readme[..block.Index].Count(c => c == '\n') + 1;
            var run = block.Groups["info"].Value.Trim() != "no-run";
            var body = new StringBuilder();
            foreach (var codeLine in block.Groups["code"].Value.Split('\n'))
            {
                if (UsingDirective().IsMatch(codeLine))
                {
                    usings.Add(codeLine.Trim());
                }
                else
                {
                    body.Append("        ").AppendLine(codeLine);
                }
            }

            methods.AppendLine($"    // README.md, line {line}");
            methods.AppendLine($"    private static async Task Example{index}()");
            methods.AppendLine("    {");
            methods.Append("#line ").Append(line + 1).AppendLine(" \"README.md\"");
            methods.Append(body);
            methods.AppendLine("#line default");
            methods.AppendLine("    }");
            methods.AppendLine();
            table.AppendLine($"        (\"README.md line {line}\", {(run ? "true" : "false")}, Example{index}),");
        }

        return $$"""
            {{string.Join("\n", usings)}}

            #pragma warning disable CS8618
            internal static class ReadmeExamples
            {
                private static Uri server;
                private static IMakCrmApiClient api;
                private static string clientId;
                private static string secret;
                private static Guid organizationId;
                private static CancellationToken cancellationToken;
                private static string email = "partner@example.ru";
                private static string password = "";
                private static string token = "";
                private static string chosenPassword = "";
                private static string codeFromTheApp = "";
                private static Guid lotId;
                private static string key = "";

                public static void Init(Uri server, IMakCrmApiClient api, string clientId, string secret, Guid organizationId, CancellationToken cancellationToken)
                {
                    ReadmeExamples.server = server;
                    ReadmeExamples.api = api;
                    ReadmeExamples.clientId = clientId;
                    ReadmeExamples.secret = secret;
                    ReadmeExamples.organizationId = organizationId;
                    ReadmeExamples.cancellationToken = cancellationToken;
                }

                public static readonly (string Where, bool Run, Func<Task> Example)[] All =
                [
            {{table}}    ];

            {{methods}}
            }
            """;
    }

    [GeneratedRegex(@"^```csharp(?<info>[^\n]*)\n(?<code>.*?)^```", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex ReadmeBlock();

    [GeneratedRegex(@"^\s*using\s+[\w.]+\s*;\s*$")]
    private static partial Regex UsingDirective();

    private const string ProgramSource = """
        using System.Net.Http.Headers;
        using MakCrm.Client;
        using Microsoft.Extensions.DependencyInjection;

        var server = new Uri(Environment.GetEnvironmentVariable("MAK_SERVER")!);
        var clientId = Environment.GetEnvironmentVariable("MAK_CLIENT_ID")!;
        var secret = Environment.GetEnvironmentVariable("MAK_CLIENT_SECRET")!;
        Console.WriteLine($"runtime {Environment.Version}, SDK for {typeof(IMakCrmApiClient).Assembly.GetCustomAttributes(typeof(System.Runtime.Versioning.TargetFrameworkAttribute), false).Cast<System.Runtime.Versioning.TargetFrameworkAttribute>().Single().FrameworkName}");

        if (args[0] == "readme")
        {
            using var adminHttp = new HttpClient { BaseAddress = server };
            adminHttp.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Environment.GetEnvironmentVariable("MAK_ADMIN_TOKEN"));
            ReadmeExamples.Init(server, new MakCrmApiClient(adminHttp), clientId, secret, Guid.Parse(Environment.GetEnvironmentVariable("MAK_ORGANIZATION_ID")!), CancellationToken.None);
            var failed = 0;
            foreach (var (where, run, example) in ReadmeExamples.All)
            {
                if (!run)
                {
                    continue;
                }

                try
                {
                    await example();
                    Console.WriteLine($"ran {where}");
                }
                catch (Exception e)
                {
                    failed++;
                    Console.WriteLine($"FAILED {where}: {e}");
                }
            }

            Console.WriteLine(failed == 0 ? "readme ok" : $"{failed} README examples FAILED");
            return failed == 0 ? 0 : 1;
        }

        var services = new ServiceCollection();
        services.AddMakCrmClient(options =>
        {
            options.BaseAddress = server;
            options.ClientId = clientId;
            options.ClientSecret = secret;
        });
        await using var provider = services.BuildServiceProvider();
        var api = provider.GetRequiredService<IMakCrmApiClient>();

        var phone = "+7912" + Random.Shared.Next(1_000_000, 9_999_999);
        var client = (await api.CreateClientAsync(new CreateClientRequest { FullName = "Внешний Проект", Phone = phone, Source = "partner" })).Result;
        var created = new List<Guid>();
        foreach (var amount in new[] { 300_000m, 400_000m, 500_000m })
        {
            created.Add((await api.CreateLeadAsync(new CreateLeadRequest { ClientId = client.Id, RequestedAmount = amount, Product = LoanProduct.Consumer })).Result.Id);
        }

        var listed = new List<Guid>();
        await foreach (var lead in api.PaginateAsync((cursor, ct) => api.ListLeadsAsync(clientId: client.Id, cursor: cursor, limit: 2, cancellationToken: ct)))
        {
            listed.Add(lead.Id);
        }

        if (!listed.OrderBy(id => id).SequenceEqual(created.OrderBy(id => id)))
        {
            Console.WriteLine($"paging gave {listed.Count} leads, expected {created.Count}");
            return 1;
        }

        try
        {
            await api.GetLeadAsync(Guid.NewGuid());
            Console.WriteLine("no problem for an unknown lead");
            return 1;
        }
        catch (MakCrmApiException<Problem> e) when (e.Code == MakProblemCodes.NotFound && e.Operation == "getLead" && e.TraceId is not null)
        {
            Console.WriteLine(e.Message);
        }

        Console.WriteLine("scenario ok");
        return 0;
        """;
}
