using MakCrm.Application.Abstractions.Persistence;
using MakCrm.Domain.Clients;
using MakCrm.Domain.Common;
using MakCrm.Domain.Leads;
using MakCrm.Infrastructure.Auditing;
using Npgsql;

namespace MakCrm.Infrastructure.Persistence.Repositories;

/// <summary>
/// One batch: the client (if new) and its audit line, the lead and its audit line, the lead's history — the rows and
/// audit lines EF Core's save and the <see cref="AuditingInterceptor"/> would write, in one round trip.
/// </summary>
internal sealed class LeadIntakeWriter(MakCrmDbContext db, AuditTrail trail) : ILeadIntakeWriter
{
    public async Task WriteAsync(Client? newClient, Lead lead, CancellationToken cancellationToken)
    {
        var connection = Transactional.Connection(db, "Writing the intake's lead");
        await using var batch = new NpgsqlBatch(connection);
        if (newClient is not null)
        {
            AddAggregate(batch, newClient);
        }

        AddAggregate(batch, lead);
        foreach (var entry in lead.History)
        {
            batch.BatchCommands.Add(EntityInserts.Insert(db.Model, entry));
        }

        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    private void AddAggregate(NpgsqlBatch batch, AggregateRoot aggregate)
    {
        var type = EntityInserts.TypeOf(db.Model, aggregate);
        batch.BatchCommands.Add(EntityInserts.Insert(type, aggregate));
        if (AuditingInterceptor.DescribeNew(type, aggregate, aggregate.Id, trail) is { } audit)
        {
            batch.BatchCommands.Add(AuditEventInserts.Insert(audit));
        }
    }
}
