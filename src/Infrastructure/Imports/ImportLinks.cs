using MakCrm.Application.Abstractions.Persistence;
using MakCrm.Application.Transfer;
using MakCrm.Domain.Clients;
using MakCrm.Domain.Deals;
using MakCrm.Domain.Leads;
using MakCrm.Domain.Tasks;
using MakCrm.Infrastructure.Identity;
using MakCrm.Infrastructure.Persistence;

namespace MakCrm.Infrastructure.Imports;

/// <summary>An id found for what a row names, or the reason (in the rejected-rows file's spelling) there is none.
/// </summary>
internal readonly record struct Link(Guid? Id, string? Reason)
{
    public static Link Found(Guid id) => new(id, null);

    public static Link Missing(string reason) => new(null, reason);
}

/// <summary>
/// Finds what an imported row names, always within the uploader's organization and among live records: a client by
/// id, by an external reference (one client, whoever set it), by phone (the lookup the duplicate control uses) or by
/// e-mail (the earliest such client); a lead by id, by external reference, or as its client's latest lead; a deal by
/// id; a user by e-mail. Every import kind that links rows to records finds them here.
/// </summary>
[Scoped]
internal sealed class ImportLinks(MakCrmDbContext db, IClientRepository clients)
{
    public async Task<Link> ClientAsync(Guid organization, ClientKey key, CancellationToken cancellationToken)
    {
        var live = db.Set<Client>().AsNoTracking().Where(c => c.OrganizationId == organization);
        Guid? found = key switch
        {
            { ClientId: { } id } => await live.Where(c => c.Id == id)
                .Select(c => (Guid?)c.Id)
                .FirstOrDefaultAsync(cancellationToken),
            { ExternalRef: { } reference } => await OnlyAsync(
                live.Where(c => c.ExternalRef == reference).Select(c => c.Id),
                cancellationToken
            ),
            { Phone: { } phone } => (await clients.FindByPhoneAsync(organization, phone, cancellationToken))?.Id,
            { Email: { } email } => await live.Where(c => c.Email == email)
                .OrderBy(c => c.CreatedAt)
                .Select(c => (Guid?)c.Id)
                .FirstOrDefaultAsync(cancellationToken),
            _ => null,
        };
        return found is { } client
            ? Link.Found(client)
            : Link.Missing(
                $"{Column(key)}: The organization has no client {key}"
                    + (key.ExternalRef is null ? "." : ", or several have it.")
            );
    }

    /// <summary>The record a task or note is on, with its type.</summary>
    public async Task<(TaskSubjectType Type, Link Link)> SubjectAsync(
        Guid organization,
        SubjectKey key,
        CancellationToken cancellationToken
    )
    {
        if (key.DealId is { } dealId)
        {
            var deal = await db.Set<Deal>()
                .AsNoTracking()
                .AnyAsync(d => d.Id == dealId && d.OrganizationId == organization, cancellationToken);
            return (
                TaskSubjectType.Deal,
                deal
                    ? Link.Found(dealId)
                    : Link.Missing($"{SubjectColumns.DealId}: The organization has no deal {dealId}.")
            );
        }

        if (key.Client is null)
        {
            return (TaskSubjectType.Lead, await LeadAsync(organization, key, cancellationToken));
        }

        return (TaskSubjectType.Client, await ClientAsync(organization, key.Client, cancellationToken));
    }

    /// <summary>The lead a row names: by id, by external reference, or its client's latest lead.</summary>
    public async Task<Link> LeadAsync(Guid organization, SubjectKey key, CancellationToken cancellationToken)
    {
        var live = db.Set<Lead>().AsNoTracking().Where(l => l.OrganizationId == organization);
        if (key.LeadId is { } leadId)
        {
            return await live.AnyAsync(l => l.Id == leadId, cancellationToken)
                ? Link.Found(leadId)
                : Link.Missing($"{SubjectColumns.LeadId}: The organization has no lead {leadId}.");
        }

        if (key.LeadExternalRef is { } reference)
        {
            return await OnlyAsync(live.Where(l => l.ExternalRef == reference).Select(l => l.Id), cancellationToken)
                is { } byReference
                ? Link.Found(byReference)
                : Link.Missing(
                    $"{SubjectColumns.LeadExternalRef}: The organization has no lead {reference}, or several have it."
                );
        }

        var client = await ClientAsync(organization, key.Client!, cancellationToken);
        if (client.Id is not { } clientId)
        {
            return client;
        }

        var latest = await live.Where(l => l.ClientId == clientId)
            .OrderByDescending(l => l.CreatedAt)
            .Select(l => (Guid?)l.Id)
            .FirstOrDefaultAsync(cancellationToken);
        return latest is { } lead
            ? Link.Found(lead)
            : Link.Missing($"{Column(key.Client!)}: The client {key.Client} has no lead to put this on.");
    }

    /// <summary>A user of the organization with this e-mail.</summary>
    public async Task<Link> UserAsync(
        Guid organization,
        string email,
        string column,
        CancellationToken cancellationToken
    )
    {
        var normalized = email.ToUpperInvariant();
        var user = await db.Set<MakUser>()
            .AsNoTracking()
            .Where(u => u.OrganizationId == organization && u.NormalizedEmail == normalized)
            .Select(u => (Guid?)u.Id)
            .FirstOrDefaultAsync(cancellationToken);
        return user is { } id
            ? Link.Found(id)
            : Link.Missing($"{column}: No user of the organization has the e-mail {email}.");
    }

    private static string Column(ClientKey key) =>
        key switch
        {
            { ClientId: not null } => SubjectColumns.ClientId,
            { ExternalRef: not null } => SubjectColumns.ExternalRef,
            { Phone: not null } => SubjectColumns.Phone,
            _ => SubjectColumns.Email,
        };

    /// <summary>The one id the query finds; null for none or several.</summary>
    private static async Task<Guid?> OnlyAsync(IQueryable<Guid> ids, CancellationToken cancellationToken) =>
        await ids.Take(2).ToListAsync(cancellationToken) is [var only] ? only : null;
}
