using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Xml.Linq;

namespace MakCrm.ArchitectureTests;

/// <summary>
/// The Telegram bot is a client of the API like any other: it talks to the CRM only through the generated C# SDK,
/// never through the API's own layers. Checked in its project file and in its compiled assembly's references.
/// </summary>
public sealed class TelegramBotLayerTests
{
    private static readonly string[] ApiLayers =
    [
        "MakCrm.Domain",
        "MakCrm.Application",
        "MakCrm.Infrastructure",
        "MakCrm.WebApi",
    ];

    [Fact]
    public void The_bot_s_project_references_only_the_sdk()
    {
        var project = XDocument.Load(Path.Combine(Repository.Root(), "src/TelegramBot/MakCrm.TelegramBot.csproj"));
        var references = project
            .Descendants("ProjectReference")
            .Select(r => Path.GetFileNameWithoutExtension(r.Attribute("Include")!.Value))
            .ToList();

        references.Should().BeEquivalentTo(["MakCrm.Client"]);
    }

    [Fact]
    public void The_bot_s_assembly_does_not_reference_the_api_s_layers()
    {
        // The bot is built beside this test (same configuration and framework): read its metadata without loading it.
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var (framework, configuration) = (output.Name, output.Parent!.Name);
        var path = Path.Combine(
            Repository.Root(),
            "src/TelegramBot/bin",
            configuration,
            framework,
            "MakCrm.TelegramBot.dll"
        );
        File.Exists(path).Should().BeTrue($"the bot is built with the tests ({path})");

        using var stream = File.OpenRead(path);
        using var pe = new PEReader(stream);
        var metadata = pe.GetMetadataReader();
        var references = metadata
            .AssemblyReferences.Select(h => metadata.GetString(metadata.GetAssemblyReference(h).Name))
            .ToList();

        references.Should().Contain("MakCrm.Client");
        references
            .Should()
            .NotContain(name => ApiLayers.Contains(name), "the bot reaches the CRM through the SDK only");
    }
}
