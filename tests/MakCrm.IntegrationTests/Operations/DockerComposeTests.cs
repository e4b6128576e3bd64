using System.Diagnostics;
using System.Net;
using MakCrm.Testing;
using YamlDotNet.RepresentationModel;

namespace MakCrm.IntegrationTests.Operations;

/// <summary>
/// docker-compose.yml as far as it can be checked without a Docker engine: the API is reached through the balancer
/// service only, the balancer runs the HAProxy configuration <c>./mak run --instances</c> runs (which HAProxy accepts
/// with the service's environment), the replicas believe X-Forwarded-For from the balancer's address alone, and the
/// demo data is seeded once, by the migration, not by each replica.
/// </summary>
public sealed class DockerComposeTests
{
    private static readonly string Root = Repository.Root();

    private static readonly YamlMappingNode Services = (YamlMappingNode)Compose()["services"];

    [Fact]
    public void The_api_is_scaled_behind_the_balancer_and_published_through_it_only()
    {
        var api = Service("api");
        api.Children.ContainsKey("ports").Should().BeFalse("clients reach the replicas through the balancer");
        Scalar(Map(api, "deploy"), "replicas").Should().Be("${MAK_API_REPLICAS:-3}");
        Sequence(Service("balancer"), "ports").Should().Equal("5080:8080");
        Scalar(Map(Service("bot"), "environment"), "MAK_API_URL").Should().Be("http://balancer:8080");
    }

    [Fact]
    public void The_replicas_believe_forwarded_headers_from_the_balancers_address_alone()
    {
        var environment = Map(Service("api"), "environment");
        Scalar(environment, "Mak__ForwardedHeaders__Enabled").Should().Be("true");
        var balancerAddress = Scalar(Map(Map(Service("balancer"), "networks"), "default"), "ipv4_address");
        Scalar(environment, "Mak__ForwardedHeaders__KnownProxies__0").Should().Be(balancerAddress);
        var subnet = Scalar(
            (YamlMappingNode)((YamlSequenceNode)Map(Map(Map(Compose(), "networks"), "default"), "ipam")["config"])[0],
            "subnet"
        );
        IPNetwork.Parse(subnet).Contains(IPAddress.Parse(balancerAddress)).Should().BeTrue();
    }

    [Fact]
    public void The_demo_data_is_seeded_once_by_the_migration_not_by_each_replica()
    {
        Scalar(Map(Service("migrate"), "environment"), "Mak__SeedDemoData").Should().Be("${MAK_DEMO_DATA:-true}");
        Map(Service("api"), "environment").Children.ContainsKey("Mak__SeedDemoData").Should().BeFalse();
    }

    [Fact]
    public async Task The_balancer_runs_the_shared_haproxy_configuration_which_haproxy_accepts()
    {
        var balancer = Service("balancer");
        Sequence(balancer, "volumes")
            .Should()
            .Equal("./deploy/haproxy/haproxy.cfg:/usr/local/etc/haproxy/haproxy.cfg:ro");
        (await File.ReadAllTextAsync(Path.Combine(Root, "mak")))
            .Should()
            .Contain("cat \"$ROOT/deploy/haproxy/haproxy.cfg\"");

        var check = new ProcessStartInfo(
            "haproxy",
            ["-c", "-f", Path.Combine(Root, "deploy", "haproxy", "haproxy.cfg")]
        )
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (name, value) in Map(balancer, "environment").Children)
        {
            check.Environment[((YamlScalarNode)name).Value!] = ((YamlScalarNode)value).Value;
        }

        using var haproxy = Process.Start(check)!;
        var output = await haproxy.StandardOutput.ReadToEndAsync() + await haproxy.StandardError.ReadToEndAsync();
        await haproxy.WaitForExitAsync();
        haproxy.ExitCode.Should().Be(0, output);
        output.Should().Contain("Configuration file is valid");
    }

    private static YamlMappingNode Compose()
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(File.ReadAllText(Path.Combine(Root, "docker-compose.yml"))));
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }

    private static YamlMappingNode Service(string name) => Map(Services, name);

    private static YamlMappingNode Map(YamlMappingNode node, string key) => (YamlMappingNode)node[key];

    private static string Scalar(YamlMappingNode node, string key) => ((YamlScalarNode)node[key]).Value!;

    private static IEnumerable<string> Sequence(YamlMappingNode node, string key) =>
        ((YamlSequenceNode)node[key]).Children.Select(child => ((YamlScalarNode)child).Value!);
}
