using MakCrm.Application.Abstractions.Events;
using MakCrm.Application.Abstractions.Security;
using MakCrm.Application.Common;
using MakCrm.Domain.Events;
using MakCrm.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;

namespace MakCrm.Infrastructure.Events;

/// <summary>
/// Holds the events a scope raises until they are written in its transaction with one INSERT: by the scope's next save
/// in that transaction, in the save's own batch, or else just before the commit (the unit of work calls
/// <see cref="WriteRaisedAsync"/>; a worker that commits on its own calls it itself). The resources are put in the
/// API's wire format then — with the names of the users they name, looked up once for all of them — so an event carries
/// the resource the command raised it with. Beginning or discarding an attempt forgets what it raised, so a rolled-back
/// or retried attempt leaves no event behind.
/// </summary>
internal sealed class EventOutbox(
    MakCrmDbContext db,
    IRequestContext request,
    IUserNameDirectory names,
    IEventWireFormat wire,
    TimeProvider clock) : IEventOutbox, IEventWriter
{
    private readonly List<Raised> raised = [];

    public void Raise(EventType type, Guid organizationId, Guid resourceId, object resource) =>
        raised.Add(new Raised(clock.NewId(), type, clock.UtcNowMicroseconds(), organizationId, resourceId, resource, null));

    public void RaiseDeleted(EventType type, Guid organizationId, Guid resourceId, long version) =>
        raised.Add(new Raised(clock.NewId(), type, clock.UtcNowMicroseconds(), organizationId, resourceId, null, version));

    /// <summary>Forgets what was raised and not written: the attempt that raised it is rolled back or starting over.</summary>
    public void Forget() => raised.Clear();

    public async Task WriteRaisedAsync(CancellationToken cancellationToken)
    {
        if (await TakeRaisedAsync(cancellationToken) is not { } insert)
        {
            return;
        }

        await using var batch = new NpgsqlBatch((NpgsqlConnection)db.Database.GetDbConnection(), (NpgsqlTransaction?)db.Database.CurrentTransaction?.GetDbTransaction())
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
        var userIds = events.Select(e => e.Resource).OfType<INamesUsers>().SelectMany(r => r.UserIds()).Append(request.UserId).OfType<Guid>().ToHashSet();
        var displayNames = userIds.Count == 0 ? new Dictionary<Guid, string>() : await names.DisplayNamesAsync(userIds, cancellationToken);
        var userNames = new UserNames(displayNames);
        var actorName = userNames.Of(request.UserId)?.DisplayName;
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
                SqlParameters.Array(NpgsqlDbType.Text, events.Select(e => Data(e, userNames))),
            },
        };
    }

    private string Data(Raised e, UserNames userNames) => e.Resource switch
    {
        null => wire.Resource(new Contracts.DeletedResource(e.ResourceId, e.DeletedVersion!.Value)),
        INamesUsers named => wire.Resource(named.WithNames(userNames)),
        var resource => wire.Resource(resource),
    };

    private sealed record Raised(Guid Id, EventType Type, DateTimeOffset OccurredAt, Guid OrganizationId, Guid ResourceId, object? Resource, long? DeletedVersion);
}
