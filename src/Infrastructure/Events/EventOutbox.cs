using MakCrm.Application.Abstractions.Events;
using MakCrm.Application.Abstractions.Persistence;
using MakCrm.Application.Abstractions.Security;
using MakCrm.Application.Common;
using MakCrm.Application.CustomFields;
using MakCrm.Contracts;
using MakCrm.Contracts.Events;
using MakCrm.Domain.Events;
using MakCrm.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;

namespace MakCrm.Infrastructure.Events;

/// <summary>
/// Holds the events a scope raises until they are written in its transaction with one INSERT: by the scope's next save
/// in that transaction, in the save's own batch, or else just before the commit (the unit of work calls
/// <see cref="WriteRaisedAsync"/>; a worker that commits on its own calls it itself). The resources are rendered as
/// their wire records then — with the names of the users they name, looked up once for all of them — so an event
/// carries the resource the command raised it with, written with the API's JSON (<see cref="WireJson"/>). A resource's
/// custom field values are narrowed to the fields shown to its organization's kind with no role restriction (the
/// definitions looked up once per organization): an event is read by the organization's users and webhooks, whatever
/// their roles. Beginning or discarding an attempt forgets what it raised, so a rolled-back or retried attempt leaves
/// no event behind.
/// </summary>
internal sealed class EventOutbox(
    MakCrmDbContext db,
    IRequestContext request,
    IUserNameDirectory names,
    ICustomFieldDefinitionRepository customFields,
    TimeProvider clock
) : IEventOutbox, IEventWriter
{
    private readonly List<Raised> raised = [];

    // The ids of the events raised since WatchRaised, for the automation rules' loop guard.
    private List<Guid>? watched;

    /// <summary>Starts noting the ids of the events raised from here on (an automation rule's actions).</summary>
    public void WatchRaised() => watched = [];

    /// <summary>The ids of the events raised since <see cref="WatchRaised"/>.</summary>
    public IReadOnlyList<Guid> WatchedRaised() => watched ?? [];

    public void Raise<TRecord>(EventPayload<TRecord> type, Guid organizationId, Guid resourceId, TRecord record)
        where TRecord : class => Add(type.Type, organizationId, resourceId, null, _ => WireJson.Serialize(record));

    public void Raise<TRecord>(
        EventPayload<TRecord> type,
        Guid organizationId,
        Guid resourceId,
        IAnswersAs<TRecord> resource
    )
        where TRecord : class =>
        Add(
            type.Type,
            organizationId,
            resourceId,
            resource,
            rendering =>
                WireJson.Serialize(((IAnswersAs<TRecord>)rendering.Prepare(resource, organizationId)).ToRecord())
        );

    public void RaiseDeleted(EventPayload<DeletedResource> type, Guid organizationId, Guid resourceId, long version) =>
        Add(
            type.Type,
            organizationId,
            resourceId,
            null,
            _ => WireJson.Serialize(new DeletedResource(resourceId, version))
        );

    private void Add(
        EventType type,
        Guid organizationId,
        Guid resourceId,
        object? resource,
        Func<Rendering, string> render
    )
    {
        var id = clock.NewId();
        raised.Add(new Raised(id, type, clock.UtcNowMicroseconds(), organizationId, resourceId, resource, render));
        watched?.Add(id);
    }

    /// <summary>Forgets what was raised and not written: the attempt that raised it is rolled back or starting
    /// over.</summary>
    public void Forget() => raised.Clear();

    public async Task WriteRaisedAsync(CancellationToken cancellationToken)
    {
        if (await TakeRaisedAsync(cancellationToken) is not { } insert)
        {
            return;
        }

        await using var batch = new NpgsqlBatch(
            (NpgsqlConnection)db.Database.GetDbConnection(),
            (NpgsqlTransaction?)db.Database.CurrentTransaction?.GetDbTransaction()
        )
        {
            BatchCommands = { insert },
        };
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// The INSERT of the events raised and not yet written, for the caller to send in its transaction, or null when
    /// there are none; from here on they are the caller's to write. A save in a transaction sends it in its own batch
    /// (<see cref="SaveBatchInterceptor"/>), so a command's events cost no round trip of their own.
    /// </summary>
    internal async Task<NpgsqlBatchCommand?> TakeRaisedAsync(CancellationToken cancellationToken)
    {
        if (raised.Count == 0)
        {
            return null;
        }

        var events = raised.ToList();
        raised.Clear();
        var userIds = events
            .Select(e => e.Resource)
            .OfType<INamesUsers>()
            .SelectMany(r => r.UserIds())
            .Append(request.UserId)
            .OfType<Guid>()
            .ToHashSet();
        var displayNames =
            userIds.Count == 0
                ? new Dictionary<Guid, string>()
                : await names.DisplayNamesAsync(userIds, cancellationToken);
        var userNames = new UserNames(displayNames);
        var actorName = userNames.Of(request.UserId)?.DisplayName;
        var rendering = new Rendering(userNames, await CustomFieldsAsync(events, cancellationToken));
        return new NpgsqlBatchCommand(EventInserts.Insert)
        {
            Parameters =
            {
                SqlParameters.Array(NpgsqlDbType.Uuid, events.Select(e => e.Id)),
                SqlParameters.Array(NpgsqlDbType.Text, events.Select(e => e.Type.Name)),
                SqlParameters.Array(NpgsqlDbType.TimestampTz, events.Select(e => e.OccurredAt)),
                SqlParameters.Array(NpgsqlDbType.Uuid, events.Select(e => e.OrganizationId)),
                SqlParameters.Array(NpgsqlDbType.Uuid, events.Select(_ => request.UserId)),
                SqlParameters.Array(NpgsqlDbType.Text, events.Select(_ => request.ClientId)),
                SqlParameters.Array(NpgsqlDbType.Text, events.Select(_ => actorName)),
                SqlParameters.Array(NpgsqlDbType.Text, events.Select(e => e.Type.ResourceType)),
                SqlParameters.Array(NpgsqlDbType.Uuid, events.Select(e => e.ResourceId)),
                SqlParameters.Array(NpgsqlDbType.Text, events.Select(e => e.Render(rendering))),
            },
        };
    }

    /// <summary>The custom fields each organization's events show, for the organizations whose events carry
    /// values.</summary>
    private async Task<Dictionary<Guid, CustomFieldSchema>> CustomFieldsAsync(
        List<Raised> events,
        CancellationToken cancellationToken
    )
    {
        var schemas = new Dictionary<Guid, CustomFieldSchema>();
        var carrying = events
            .Where(e => e.Resource is ICarriesCustomFields)
            .GroupBy(e => e.OrganizationId, e => (ICarriesCustomFields)e.Resource!);
        foreach (var organization in carrying)
        {
            var entities = organization.SelectMany(r => r.CustomFieldEntities()).ToHashSet();
            if (entities.Count > 0)
            {
                var audience = new CustomFieldDefinitionReader(false, organization.Key, []);
                schemas[organization.Key] = new(await customFields.VisibleAsync(entities, audience, cancellationToken));
            }
        }

        return schemas;
    }

    /// <summary>What an event's data is written with: the names of the users it names, and the custom fields its
    /// organization's events show.</summary>
    private sealed class Rendering(UserNames names, IReadOnlyDictionary<Guid, CustomFieldSchema> customFields)
    {
        public object Prepare(object resource, Guid organizationId)
        {
            if (resource is ICarriesCustomFields carried && customFields.TryGetValue(organizationId, out var schema))
            {
                resource = carried.WithCustomFields(schema);
            }

            return resource is INamesUsers named ? named.WithNames(names) : resource;
        }
    }

    /// <summary>An event raised and not yet written: the resource it carries, and how it is written.</summary>
    private sealed record Raised(
        Guid Id,
        EventType Type,
        DateTimeOffset OccurredAt,
        Guid OrganizationId,
        Guid ResourceId,
        object? Resource,
        Func<Rendering, string> Render
    );
}
