using System.Text.RegularExpressions;
using MakCrm.Application.Abstractions.Security;
using MakCrm.Domain.Organizations;
using MakCrm.Infrastructure.Persistence.Repositories;
using MakCrm.WebApi.Auth;
using Microsoft.EntityFrameworkCore;
using InfrastructureServices = MakCrm.Infrastructure.DependencyInjection;

namespace MakCrm.ArchitectureTests;

/// <summary>
/// A resource is registered by the files it adds (its entity and configuration, its port and implementation, its
/// permissions, its rows' owner): nothing lists it. These tests fail when a resource is half-registered, each naming
/// the piece that is missing. (An aggregate without its configuration: <see cref="ModelTests"/>; a port a service
/// needs that nothing implements: <see cref="RegistrationTests"/>.)
/// </summary>
public sealed partial class ResourceRegistrationTests
{
    [Fact]
    public void Every_row_that_names_its_organization_is_organization_owned()
    {
        using var db = ModelTests.Context();
        var organization = db.Model.FindEntityType(typeof(Organization))!;
        var missing = db.Model.GetEntityTypes()
            .Where(e => e.GetForeignKeys().Any(k => k.PrincipalEntityType == organization
                && k.Properties is [{ Name: nameof(IOrganizationOwned.OrganizationId) }]))
            .Where(e => !typeof(IOrganizationOwned).IsAssignableFrom(e.ClrType))
            .Select(e => $"{e.ClrType.Name} refers to its organization by OrganizationId but is not IOrganizationOwned "
                + "(Domain/Organizations/IOrganizationOwned.cs): no data scope limits it, and purging an organization "
                + "has no rule for its rows");

        missing.Should().BeEmpty();
    }

    [Fact]
    public void Every_organization_owned_type_is_mapped()
    {
        using var db = ModelTests.Context();
        var unmapped = new[] { typeof(Organization).Assembly, typeof(InfrastructureServices).Assembly }
            .SelectMany(a => a.GetTypes())
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IOrganizationOwned).IsAssignableFrom(t))
            .Where(t => db.Model.FindEntityType(t) is null)
            .Select(t => $"{t.Name} is IOrganizationOwned but has no IEntityTypeConfiguration<{t.Name}>");

        unmapped.Should().BeEmpty();
    }

    /// <summary>
    /// The kinds a purge is refused for are those the contract documents for the refusal's <c>remaining</c>
    /// (api-spec/openapi.yaml): a kind marked <see cref="PurgeRule.Blocks"/> is documented there as well.
    /// </summary>
    [Fact]
    public void The_purge_is_refused_for_the_kinds_the_contract_names()
    {
        using var db = ModelTests.Context();

        PurgePlan.Of(db.Model).Blocking.Select(b => b.Kind).Should()
            .BeEquivalentTo("clients", "consents", "leads", "deals", "ledgerEntries", "leadReturns", "bids", "lots");
    }

    /// <summary>
    /// What goes with an organization is deleted each kind before the kinds it refers to, so no foreign key among them
    /// refuses the purge; users go after every kind of theirs that names them.
    /// </summary>
    [Fact]
    public void The_purge_deletes_each_kind_before_the_kinds_it_refers_to()
    {
        using var db = ModelTests.Context();
        var deletions = PurgePlan.Of(db.Model).Deletions.Select(d => d.Entity).ToList();

        var problems = deletions.SelectMany((entity, i) => deletions.Skip(i + 1)
            .Where(later => later.GetForeignKeys().Any(k => k.PrincipalEntityType == entity))
            .Select(later => $"{entity.GetTableName()} is deleted before {later.GetTableName()}, which refers to it"));

        problems.Should().BeEmpty();
        deletions.Select(e => e.GetTableName()).Should().BeEquivalentTo(
            "tasks", "tickets", "training_lesson_completions", "training_submissions", "training_event_registrations",
            "notifications", "import_operations", "api_clients", "organization_hosts", "invitations",
                "automation_rules",
            "teams",
            "users");
    }

    /// <summary>
    /// A port the Application declares (a repository, a store) has a class that implements it, which the scan then
    /// registers; a marker the Application's own types carry counts as implemented by them.
    /// </summary>
    [Fact]
    public void Every_port_the_application_declares_is_implemented()
    {
        var assemblies = new[]
        {
            typeof(DataScope).Assembly, typeof(InfrastructureServices).Assembly, typeof(Program).Assembly,
        };
        var implemented = assemblies
            .SelectMany(a => a.GetTypes()).Where(t => t is { IsClass: true, IsAbstract: false })
            .SelectMany(t => t.GetInterfaces()).ToHashSet();
        var missing = typeof(DataScope).Assembly.GetTypes()
            .Where(t => InfrastructureServices.IsPort(t) && !t.IsGenericTypeDefinition && !implemented.Contains(t))
            .Select(t => $"{t.Name} is declared in {t.Namespace} but no class implements it");

        missing.Should().BeEmpty();
    }

    /// <summary>
    /// Every permission the contract asks for (<c>x-permission</c>) is a policy: a permission of the role matrix, an
    /// own/all pair's shared name, or a rule of <see cref="PermissionPolicies"/>.
    /// </summary>
    [Fact]
    public void Every_permission_the_contract_names_has_its_policy()
    {
        var missing = PermissionExtension().Matches(File.ReadAllText(Contract()))
            .Select(m => m.Groups["permission"].Value).Distinct()
            .Where(p => !PermissionPolicies.Names.Contains(p))
            .Select(p => $"the contract names x-permission '{p}', which is no policy: add it to "
                + "Domain/Access/Permissions.cs (or its .own/.all pair)");

        missing.Should().BeEmpty();
    }

    private static string Contract() => Path.Combine(Repository.Root(), "api-spec", "openapi.yaml");

    [GeneratedRegex(@"^\s*x-permission:\s*(?<permission>\S+)\s*$", RegexOptions.Multiline)]
    private static partial Regex PermissionExtension();
}
