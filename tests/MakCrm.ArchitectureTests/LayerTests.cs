using System.Reflection;
using System.Xml.Linq;
using MakCrm.Application;
using MakCrm.Domain.Common;
using MakCrm.Infrastructure.Persistence;

namespace MakCrm.ArchitectureTests;

/// <summary>
/// The layers of docs/architecture.md: Domain depends on nothing, Contracts (the wire records) on Domain, Application
/// on both, Infrastructure on Application, and WebApi composes them. Checked twice: in the compiled assemblies and in
/// the project files.
/// </summary>
public sealed class LayerTests
{
    private static readonly Assembly Domain = typeof(AggregateRoot).Assembly;
    private static readonly Assembly Contracts = typeof(MakCrm.Contracts.IVersioned).Assembly;
    private static readonly Assembly Application = typeof(ApplicationAssembly).Assembly;
    private static readonly Assembly Infrastructure = typeof(MakCrmDbContext).Assembly;
    private static readonly Assembly WebApi = typeof(Program).Assembly;

    [Fact]
    public void Domain_references_only_the_base_class_library()
    {
        References(Domain)
            .Should()
            .OnlyContain(name => IsBaseClassLibrary(name), "the domain must not depend on any framework or package");
    }

    [Fact]
    public void Contracts_reference_only_the_domain_and_the_base_class_library()
    {
        References(Contracts)
            .Where(name => !IsBaseClassLibrary(name))
            .Should()
            .Equal(["MakCrm.Domain"], "the wire records sit below the Application, which answers in them");
    }

    [Fact]
    public void Application_references_the_domain_the_contracts_and_abstractions_only()
    {
        var allowed = new[]
        {
            "MakCrm.Domain",
            "MakCrm.Contracts",
            "FluentValidation",
            "Scrutor",
            "Microsoft.Extensions.DependencyInjection.Abstractions",
            "Microsoft.Extensions.Logging.Abstractions",
        };

        References(Application)
            .Where(name => !IsBaseClassLibrary(name))
            .Should()
            .OnlyContain(
                name => allowed.Contains(name),
                "Application must not know EF Core, ASP.NET Core, Npgsql or the outer layers"
            );
    }

    [Fact]
    public void Infrastructure_does_not_reference_the_web_layer()
    {
        // Identity's EF stores are named Microsoft.AspNetCore.Identity.*, but they are persistence, not HTTP.
        string[] http =
        [
            "Microsoft.AspNetCore.Http",
            "Microsoft.AspNetCore.Mvc",
            "Microsoft.AspNetCore.Routing",
            "Microsoft.AspNetCore.Hosting",
            "Microsoft.AspNetCore.Server",
            "Microsoft.AspNetCore.Authentication",
            "Microsoft.AspNetCore.Authorization",
        ];

        References(Infrastructure)
            .Should()
            .NotContain(
                name =>
                    name.StartsWith("MakCrm.WebApi", StringComparison.Ordinal)
                    || http.Any(prefix => name.StartsWith(prefix, StringComparison.Ordinal)),
                "requests, routing and authentication belong to WebApi"
            );
    }

    [Fact]
    public void Application_and_Infrastructure_do_not_reference_the_web_layer_and_contracts_not_the_application()
    {
        // Types as well as assemblies: a namespace of an outer layer named in an inner one is the same mistake.
        Mentions(Application, "MakCrm.WebApi")
            .Should()
            .BeEmpty("the Application renders what it answers without WebApi");
        Mentions(Infrastructure, "MakCrm.WebApi")
            .Should()
            .BeEmpty("the save renders events without calling up into WebApi");
        Mentions(Contracts, "MakCrm.Application").Should().BeEmpty("the wire records are below the Application");
        References(Application).Concat(References(Infrastructure)).Should().NotContain("MakCrm.WebApi");
        References(Contracts).Should().NotContain(["MakCrm.Application", "MakCrm.Infrastructure", "MakCrm.WebApi"]);
    }

    [Fact]
    public void The_web_layer_implements_no_service_of_the_inner_layers_but_who_is_asking()
    {
        // An inner layer calls up into WebApi through an interface it declares and WebApi implements. The one thing
        // only the HTTP layer knows is who sends the request; everything else (rendering an event, the JSON) is below.
        Type[] fromTheRequest =
        [
            typeof(Application.Abstractions.Security.ICurrentActor),
            typeof(Application.Abstractions.Security.IRequestContext),
        ];

        var implemented = WebApi
            .GetTypes()
            .SelectMany(t =>
                t.GetInterfaces().Select(i => (Type: t, Interface: i.IsGenericType ? i.GetGenericTypeDefinition() : i))
            )
            .Where(x => x.Interface.Assembly == Application || x.Interface.Assembly == Infrastructure)
            .Where(x => !fromTheRequest.Contains(x.Interface))
            .Select(x => $"{x.Type.Name} implements {x.Interface.Name}");

        implemented.Should().BeEmpty("Application and Infrastructure must not call up into WebApi");
    }

    [Theory]
    [InlineData("src/Domain/MakCrm.Domain.csproj", new string[0])]
    [InlineData("src/Contracts/MakCrm.Contracts.csproj", new[] { "MakCrm.Domain" })]
    [InlineData("src/Application/MakCrm.Application.csproj", new[] { "MakCrm.Domain", "MakCrm.Contracts" })]
    [InlineData("src/Infrastructure/MakCrm.Infrastructure.csproj", new[] { "MakCrm.Application" })]
    [InlineData("src/WebApi/MakCrm.WebApi.csproj", new[] { "MakCrm.Infrastructure" })]
    public void Project_files_declare_only_the_allowed_layer(string project, string[] allowed)
    {
        var path = Path.Combine(Repository.Root(), project);
        var references = XDocument
            .Load(path)
            .Descendants("ProjectReference")
            .Select(r => Path.GetFileNameWithoutExtension(r.Attribute("Include")!.Value))
            .ToList();

        references.Should().BeEquivalentTo(allowed);
    }

    [Fact]
    public void Handlers_and_validators_are_internal_to_the_application()
    {
        var exposed = Application
            .GetTypes()
            .Where(t =>
                t.IsPublic
                && (
                    t.Name.EndsWith("Handler", StringComparison.Ordinal)
                    || t.Name.EndsWith("Validator", StringComparison.Ordinal)
                    || t.Name.EndsWith("Decorator", StringComparison.Ordinal)
                )
            )
            .Select(t => t.FullName);

        exposed.Should().BeEmpty("callers depend on ICommandHandler/IQueryHandler, never on a concrete handler");
    }

    [Fact]
    public void Every_command_and_query_has_exactly_one_handler()
    {
        var handlerInterfaces = Application
            .GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false })
            .SelectMany(t => t.GetInterfaces())
            .Where(i =>
                i.IsGenericType
                && (
                    i.GetGenericTypeDefinition() == typeof(Application.Abstractions.Messaging.ICommandHandler<,>)
                    || i.GetGenericTypeDefinition() == typeof(Application.Abstractions.Messaging.IQueryHandler<,>)
                )
            )
            .Select(i => i.GetGenericArguments()[0])
            .ToList();
        var requests = Application
            .GetTypes()
            .Where(t =>
                t.GetInterfaces()
                    .Any(i =>
                        i.IsGenericType
                        && (
                            i.GetGenericTypeDefinition() == typeof(Application.Abstractions.Messaging.ICommand<>)
                            || i.GetGenericTypeDefinition() == typeof(Application.Abstractions.Messaging.IQuery<>)
                        )
                    )
            );

        foreach (var request in requests)
        {
            handlerInterfaces.Count(h => h == request).Should().Be(1, "{0} needs one handler", request.Name);
        }
    }

    [Fact]
    public void Domain_state_changes_only_through_the_entities_own_methods()
    {
        var publicSetters = Domain
            .GetTypes()
            .Where(t => t.IsSubclassOf(typeof(AggregateRoot)))
            .SelectMany(t => t.GetProperties())
            .Where(p => p.SetMethod?.IsPublic == true)
            .Select(p => $"{p.DeclaringType!.Name}.{p.Name}");

        publicSetters.Should().BeEmpty();
    }

    [Fact]
    public void Endpoints_answer_json_through_the_one_writer()
    {
        Type[] frameworkJsonResults =
        [
            typeof(Microsoft.AspNetCore.Http.HttpResults.Ok<>),
            typeof(Microsoft.AspNetCore.Http.HttpResults.Created<>),
            typeof(Microsoft.AspNetCore.Http.HttpResults.Accepted<>),
            typeof(Microsoft.AspNetCore.Http.HttpResults.JsonHttpResult<>),
            typeof(Microsoft.AspNetCore.Http.HttpResults.CreatedAtRoute<>),
            typeof(Microsoft.AspNetCore.Http.HttpResults.AcceptedAtRoute<>),
        ];

        var answeringThemselves = WebApi
            .GetTypes()
            .SelectMany(t =>
                t.GetMethods(
                    BindingFlags.Public
                        | BindingFlags.NonPublic
                        | BindingFlags.Static
                        | BindingFlags.Instance
                        | BindingFlags.DeclaredOnly
                )
            )
            .Where(m => Mentions(m.ReturnType, frameworkJsonResults))
            .Select(m => $"{m.DeclaringType!.Name}.{m.Name}");

        answeringThemselves
            .Should()
            .BeEmpty("JsonAnswer writes every JSON answer (synchronously, with its Content-Length)");
    }

    private static bool Mentions(Type type, Type[] genericDefinitions) =>
        type.IsGenericType
        && (
            genericDefinitions.Contains(type.GetGenericTypeDefinition())
            || type.GetGenericArguments().Any(a => Mentions(a, genericDefinitions))
        );

    // The types of an assembly whose signatures (base type, interfaces, fields, properties, method parameters and
    // results) name a type of the given namespace.
    private static List<string> Mentions(Assembly assembly, string outerNamespace)
    {
        bool Outer(Type type) =>
            (type.Namespace?.StartsWith(outerNamespace, StringComparison.Ordinal) ?? false)
            || (type.IsGenericType && type.GetGenericArguments().Any(Outer))
            || (type.HasElementType && Outer(type.GetElementType()!));

        const BindingFlags all =
            BindingFlags.Public
            | BindingFlags.NonPublic
            | BindingFlags.Static
            | BindingFlags.Instance
            | BindingFlags.DeclaredOnly;
        return assembly
            .GetTypes()
            .Where(t =>
                (t.BaseType is { } b && Outer(b))
                || t.GetInterfaces().Any(Outer)
                || t.GetFields(all).Any(f => Outer(f.FieldType))
                || t.GetProperties(all).Any(p => Outer(p.PropertyType))
                || t.GetMethods(all).Any(m => Outer(m.ReturnType) || m.GetParameters().Any(p => Outer(p.ParameterType)))
            )
            .Select(t => t.FullName!)
            .ToList();
    }

    private static IEnumerable<string> References(Assembly assembly) =>
        assembly.GetReferencedAssemblies().Select(a => a.Name!);

    private static bool IsBaseClassLibrary(string name) =>
        name is "netstandard" or "mscorlib"
        || name.StartsWith("System", StringComparison.Ordinal)
        || name == "Microsoft.Win32.Primitives";
}
