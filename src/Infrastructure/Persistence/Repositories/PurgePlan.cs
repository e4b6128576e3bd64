using System.Reflection;
using MakCrm.Domain.Organizations;
using Microsoft.EntityFrameworkCore.Metadata;

namespace MakCrm.Infrastructure.Persistence.Repositories;

/// <summary>
/// What purging an organization counts and deletes, read from the model once. Each <see cref="IOrganizationOwned"/>
/// entity's rows are what its <see cref="IOrganizationOwned.Purge"/> rule says; an entity that is no organization's
/// own but refers to one by a foreign key that restricts (a lot it leads or was given) blocks the purge too. A blocking
/// kind is counted under its table's name in camelCase, each kind after the kinds it refers to (clients before leads);
/// the kinds that go with the organization are deleted each before the kinds it refers to (tasks before the users).
/// </summary>
internal sealed record PurgePlan(IReadOnlyList<PurgePlan.Count> Blocking, IReadOnlyList<PurgePlan.Deletion> Deletions)
{
    private static readonly MethodInfo RuleMethod = typeof(PurgePlan).GetMethod(
        nameof(Rule),
        BindingFlags.NonPublic | BindingFlags.Static
    )!;

    /// <summary>A statement counting the rows of one blocking kind, with the organization's id as <c>@id</c>.</summary>
    internal sealed record Count(string Kind, IEntityType Entity, string Sql);

    /// <summary>A statement deleting the organization's rows of one kind, with its id as <c>@id</c>.</summary>
    internal sealed record Deletion(IEntityType Entity, string Sql);

    public static PurgePlan Of(IModel model)
    {
        var organization = model.FindEntityType(typeof(Organization))!;
        var tables = model
            .GetEntityTypes()
            .Where(e => e.BaseType is null && !e.IsOwned() && e.GetTableName() is not null)
            .ToList();
        var owned = tables
            .Where(e => typeof(IOrganizationOwned).IsAssignableFrom(e.ClrType))
            .ToDictionary(e => e, e => RuleOf(e.ClrType));

        var ownedBlocking = owned
            .Where(o => o.Value == PurgeRule.Blocks)
            .Select(o => (Entity: o.Key, Condition: $"{OwnerColumn(o.Key)} = @id"));
        var referring = tables
            .Where(e => e != organization && !owned.ContainsKey(e))
            .Select(e =>
                (
                    Entity: e,
                    Keys: e.GetForeignKeys()
                        .Where(k =>
                            k.PrincipalEntityType == organization
                            && k.DeleteBehavior is DeleteBehavior.Restrict or DeleteBehavior.NoAction
                        )
                        .Select(k => k.Properties[0].GetColumnName())
                        .ToList()
                )
            )
            .Where(r => r.Keys.Count > 0)
            .Select(r => (r.Entity, Condition: string.Join(" OR ", r.Keys.Select(column => $"{column} = @id"))));
        var blocking = ownedBlocking.Concat(referring).ToDictionary(b => b.Entity, b => b.Condition);

        var goesWith = owned.Where(o => o.Value == PurgeRule.GoesWithOrganization).Select(o => o.Key).ToList();
        return new PurgePlan(
            [
                .. Ordered(blocking.Keys, referencedFirst: true)
                    .Select(e => new Count(Kind(e), e, $"SELECT count(*) FROM {e.GetTableName()} WHERE {blocking[e]}")),
            ],
            [
                .. Ordered(goesWith, referencedFirst: false)
                    .Select(e => new Deletion(e, $"DELETE FROM {e.GetTableName()} WHERE {OwnerColumn(e)} = @id")),
            ]
        );
    }

    /// <summary>The rule an <see cref="IOrganizationOwned"/> type declares.</summary>
    public static PurgeRule RuleOf(Type owned) => (PurgeRule)RuleMethod.MakeGenericMethod(owned).Invoke(null, null)!;

    private static PurgeRule Rule<T>()
        where T : IOrganizationOwned => T.Purge;

    private static string OwnerColumn(IEntityType entity) =>
        entity.FindProperty(nameof(IOrganizationOwned.OrganizationId))!.GetColumnName();

    /// <summary>The kind as the problem names it: its table's name in camelCase (<c>ledgerEntries</c>).</summary>
    private static string Kind(IEntityType entity) =>
        string.Concat(
            entity
                .GetTableName()!
                .Split('_')
                .Select((word, i) => i == 0 ? word : char.ToUpperInvariant(word[0]) + word[1..])
        );

    /// <summary>
    /// The entities in an order their foreign keys among them allow: each after those it refers to, or each before
    /// them; entities free to go at the same time go by table name.
    /// </summary>
    private static IEnumerable<IEntityType> Ordered(IEnumerable<IEntityType> entities, bool referencedFirst)
    {
        var left = entities.ToHashSet();
        bool RefersTo(IEntityType from, IEntityType to) =>
            from != to && from.GetForeignKeys().Any(k => k.PrincipalEntityType == to);
        while (left.Count > 0)
        {
            var free = left.Where(e => !left.Any(other => referencedFirst ? RefersTo(e, other) : RefersTo(other, e)))
                .OrderBy(e => e.GetTableName(), StringComparer.Ordinal)
                .ToList();
            if (free.Count == 0)
            {
                var tables = string.Join(", ", left.Select(e => e.GetTableName()));
                throw new InvalidOperationException(
                    $"The purge cannot order {tables}: their foreign keys form a cycle."
                );
            }

            foreach (var entity in free)
            {
                yield return entity;
            }

            left.ExceptWith(free);
        }
    }
}
