using System.Text.Json;
using System.Text.Json.Nodes;
using MakCrm.Domain.Common;
using MakCrm.Domain.Ledger;
using MakCrm.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace MakCrm.Infrastructure.Auditing;

/// <summary>
/// Writes an audit event for every aggregate that a save creates, changes or soft-deletes, with the values before
/// and after, into the same SaveChanges: the change and its audit line commit or roll back together. Ledger entries
/// are not aggregates (they never change), but every one that a save adds is audited too, as <c>ledger_entry.created</c>.
/// </summary>
internal sealed class AuditingInterceptor : SaveChangesInterceptor
{
    // Values as the API spells them: enums in snake_case, as in every request and response.
    private static readonly JsonSerializerOptions ValueJson = new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    private static readonly HashSet<string> Bookkeeping = new(StringComparer.Ordinal)
    {
        nameof(AggregateRoot.UpdatedAt), nameof(AggregateRoot.Version), nameof(AggregateRoot.CreatedAt),
    };

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is MakCrmDbContext { ScopeServices: { } services } db)
        {
            var trail = services.GetRequiredService<AuditTrail>();
            var events = db.ChangeTracker.Entries<AggregateRoot>()
                .Where(e => e.State is EntityState.Added or EntityState.Modified)
                .Select(e => Describe(e, e.Entity.Id, trail))
                .Concat(db.ChangeTracker.Entries<LedgerEntry>().Where(e => e.State == EntityState.Added).Select(e => Describe(e, e.Entity.Id, trail)))
                .Where(e => e is not null)
                .ToList();
            db.AuditEvents.AddRange(events!);
        }

        return base.SavingChangesAsync(eventData, result, cancellationToken);
    }

    private static AuditEvent? Describe(EntityEntry entry, Guid id, AuditTrail trail)
    {
        var type = JsonNamingPolicy.SnakeCaseLower.ConvertName(entry.Metadata.ClrType.Name);
        var changes = new JsonObject();
        foreach (var property in entry.Properties.Where(p => !Bookkeeping.Contains(p.Metadata.Name)))
        {
            var name = JsonNamingPolicy.CamelCase.ConvertName(property.Metadata.Name);
            if (entry.State == EntityState.Added)
            {
                changes[name] = new JsonObject { ["after"] = Value(property.CurrentValue) };
            }
            else if (property.IsModified && !Equals(property.OriginalValue, property.CurrentValue))
            {
                changes[name] = new JsonObject { ["before"] = Value(property.OriginalValue), ["after"] = Value(property.CurrentValue) };
            }
        }

        if (changes.Count == 0)
        {
            return null;
        }

        var action = entry.State == EntityState.Added ? "created"
            : changes.ContainsKey("deletedAt") ? "deleted"
            : "updated";
        return trail.Data($"{type}.{action}", type, id, changes);
    }

    private static JsonNode? Value(object? value) => value is null ? null : JsonSerializer.SerializeToNode(value, value.GetType(), ValueJson);
}
