using System.Buffers;
using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using MakCrm.Domain.Commissions;
using MakCrm.Domain.Common;
using MakCrm.Domain.Ledger;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace MakCrm.Infrastructure.Auditing;

/// <summary>
/// The audit line of every aggregate that a save creates, changes or soft-deletes, with the values before and after,
/// written by the save itself (<see cref="Persistence.SaveBatchInterceptor"/>): the change and its audit line commit or
/// roll back together. Ledger entries are not aggregates (they never change), but every one that a save adds is audited
/// too, as <c>ledger_entry.created</c>.
/// </summary>
internal static class AuditLines
{
    // Values as the API spells them: enums in snake_case, as in every request and response.
    private static readonly JsonSerializerOptions ValueJson = new(JsonSerializerDefaults.Web)
    {
        Converters = { SnakeCaseNames.JsonConverter() },
    };

    private static readonly HashSet<string> Bookkeeping = new(StringComparer.Ordinal)
    {
        nameof(AggregateRoot.UpdatedAt),
        nameof(AggregateRoot.Version),
        nameof(AggregateRoot.CreatedAt),
    };

    private static readonly ConcurrentDictionary<Type, string> TypeNames = new();

    private static readonly ConcurrentDictionary<string, JsonEncodedText> PropertyNames = new(StringComparer.Ordinal);

    private static readonly JsonEncodedText Before = JsonEncodedText.Encode("before");

    private static readonly JsonEncodedText After = JsonEncodedText.Encode("after");

    /// <summary>The audit lines of a save's tracked entries: aggregates added or changed first, then ledger and
    /// commission entries added.</summary>
    public static List<AuditEvent> Of(IReadOnlyList<EntityEntry> entries, AuditTrail trail) =>
        entries
            .Where(e => e.Entity is AggregateRoot && e.State is EntityState.Added or EntityState.Modified)
            .Select(e => Describe(e, ((AggregateRoot)e.Entity).Id, trail))
            .Concat(
                entries
                    .Where(e => e.Entity is LedgerEntry && e.State == EntityState.Added)
                    .Select(e => Describe(e, ((LedgerEntry)e.Entity).Id, trail))
            )
            .Concat(
                entries
                    .Where(e => e.Entity is CommissionEntry && e.State == EntityState.Added)
                    .Select(e => Describe(e, ((CommissionEntry)e.Entity).Id, trail))
            )
            .OfType<AuditEvent>()
            .ToList();

    /// <summary>The audit line of a row added or changed in the change tracker; <c>null</c> when nothing audited
    /// changed.</summary>
    /// <remarks>An aggregate with an <see cref="IAuditedWithContext.AuditContext"/> has those fields on every changed
    /// line too, unchanged or not.</remarks>
    private static AuditEvent? Describe(EntityEntry entry, Guid id, AuditTrail trail)
    {
        var added = entry.State == EntityState.Added;
        var context = (entry.Entity as IAuditedWithContext)?.AuditContext ?? [];
        var changed = entry
            .Properties.Where(p => added || (p.IsModified && !Equals(p.OriginalValue, p.CurrentValue)))
            .ToList();
        if (!added && context.Count > 0 && changed.All(p => Bookkeeping.Contains(p.Metadata.Name)))
        {
            return null;
        }

        var changes = changed
            .Concat(added ? [] : entry.Properties.Where(p => context.Contains(p.Metadata.Name)).Except(changed))
            .Select(p => new FieldChange(p.Metadata.Name, p.OriginalValue, p.CurrentValue));
        return Describe(entry.Metadata.ClrType, id, added, changes, trail);
    }

    /// <summary>
    /// The changes as <c>{"field": {"before": …, "after": …}}</c> (only <c>after</c> for a new row), written straight
    /// to
    /// JSON: this runs for every row of every save.
    /// </summary>
    private static AuditEvent? Describe(
        Type clrType,
        Guid id,
        bool added,
        IEnumerable<FieldChange> changes,
        AuditTrail trail
    )
    {
        var type = TypeNames.GetOrAdd(clrType, t => JsonNamingPolicy.SnakeCaseLower.ConvertName(t.Name));
        var (written, deleted, restored) = (0, false, false);
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var change in changes.Where(c => !Bookkeeping.Contains(c.Property)))
            {
                writer.WriteStartObject(
                    PropertyNames.GetOrAdd(
                        change.Property,
                        n => JsonEncodedText.Encode(JsonNamingPolicy.CamelCase.ConvertName(n))
                    )
                );
                if (!added)
                {
                    WriteValue(writer, Before, change.Before);
                }

                WriteValue(writer, After, change.After);
                writer.WriteEndObject();
                written++;
                // Soft deletion sets DeletedAt; taking a row out of the trash clears it.
                deleted |= change.Property == nameof(AggregateRoot.DeletedAt) && change.After is not null;
                restored |= change.Property == nameof(AggregateRoot.DeletedAt) && change.After is null && !added;
            }

            writer.WriteEndObject();
        }

        if (written == 0)
        {
            return null;
        }

        var action =
            added ? "created"
            : deleted ? "deleted"
            : restored ? "restored"
            : "updated";
        return trail.Data($"{type}.{action}", type, id, Encoding.UTF8.GetString(buffer.WrittenSpan));
    }

    private static void WriteValue(Utf8JsonWriter writer, JsonEncodedText name, object? value)
    {
        writer.WritePropertyName(name);
        if (value is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            JsonSerializer.Serialize(writer, value, value.GetType(), ValueJson);
        }
    }

    private readonly record struct FieldChange(string Property, object? Before, object? After);
}
