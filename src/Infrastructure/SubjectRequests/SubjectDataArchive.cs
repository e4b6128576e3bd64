using System.IO.Compression;
using System.Text.Json;
using MakCrm.Application.Abstractions.Persistence;
using MakCrm.Application.Abstractions.Storage;
using MakCrm.Domain.Clients;
using MakCrm.Domain.Common;
using MakCrm.Domain.Consents;
using MakCrm.Domain.Deals;
using MakCrm.Domain.Documents;
using MakCrm.Domain.Leads;
using MakCrm.Infrastructure.Auditing;
using MakCrm.Infrastructure.Persistence;

namespace MakCrm.Infrastructure.SubjectRequests;

/// <summary>
/// The ZIP that answers an access request: <c>clients.json</c> (every organization's clients with the person's phone
/// or e-mail), <c>leads.json</c>, <c>deals.json</c>, <c>documents.json</c> (the documents filed on any of them, their
/// files under <c>files/</c>), <c>consents.json</c> and <c>reads.json</c> (the personal-data read log about the clients
/// and leads). Read in the answering command's transaction, so the archive is one consistent picture.
/// </summary>
internal sealed class SubjectDataArchive(MakCrmDbContext db, IDocumentStorage storage) : ISubjectDataArchive
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        Converters = { SnakeCaseNames.JsonConverter() },
    };

    public async Task WriteAsync(Guid clientId, Stream output, CancellationToken cancellationToken)
    {
        var person = await db.Set<Client>()
            .AsNoTracking()
            .Where(c => c.Id == clientId)
            .Select(c => new { c.Phone, c.Email })
            .SingleAsync(cancellationToken);
        var clients = await db.Set<Client>()
            .AsNoTracking()
            .Where(c =>
                c.Id == clientId || c.Phone == person.Phone || (person.Email != null && c.Email == person.Email)
            )
            .OrderBy(c => c.Id)
            .Select(c => new
            {
                c.Id,
                c.OrganizationId,
                c.FullName,
                c.Phone,
                c.Email,
                c.City,
                c.Source,
                c.ConsentGivenAt,
                c.ConsentTextVersion,
                c.ConsentWithdrawnAt,
                c.CreatedAt,
                c.UpdatedAt,
            })
            .ToListAsync(cancellationToken);
        var clientIds = clients.Select(c => c.Id).ToList();
        var leads = await db.Set<Lead>()
            .AsNoTracking()
            .Where(l => clientIds.Contains(l.ClientId))
            .OrderBy(l => l.Id)
            .Select(l => new
            {
                l.Id,
                l.ClientId,
                l.OrganizationId,
                l.Status,
                l.RequestedAmount,
                l.Product,
                l.Comment,
                l.ConsentGivenAt,
                l.ConsentTextVersion,
                l.CreatedAt,
                l.UpdatedAt,
            })
            .ToListAsync(cancellationToken);
        var leadIds = leads.Select(l => l.Id).ToList();
        var deals = await db.Set<Deal>()
            .AsNoTracking()
            .Where(d => clientIds.Contains(d.ClientId))
            .OrderBy(d => d.Id)
            .Select(d => new
            {
                d.Id,
                d.ClientId,
                d.LeadId,
                d.OrganizationId,
                d.Title,
                d.Amount,
                d.Bank,
                d.Product,
                d.LoanIssuedOn,
                d.LoanAmount,
                d.LoanBankCode,
                d.ClosedAt,
                d.CreatedAt,
                d.UpdatedAt,
            })
            .ToListAsync(cancellationToken);
        var subjectIds = clientIds.Concat(leadIds).Concat(deals.Select(d => d.Id)).ToList();
        var documents = await db.Set<Document>()
            .AsNoTracking()
            .Where(d => d.SubjectId != null && subjectIds.Contains(d.SubjectId.Value))
            .OrderBy(d => d.Id)
            .ToListAsync(cancellationToken);
        var consents = await db.Set<Consent>()
            .AsNoTracking()
            .Where(c => clientIds.Contains(c.ClientId))
            .OrderBy(c => c.Id)
            .Select(c => new
            {
                c.Id,
                c.ClientId,
                c.LeadId,
                c.Purpose,
                c.TextVersion,
                c.GivenAt,
                c.Source,
                c.DocumentId,
                c.ExpiresAt,
                c.WithdrawnAt,
                c.WithdrawalSource,
            })
            .ToListAsync(cancellationToken);
        var readSubjects = clientIds.Concat(leadIds).ToList();
        var reads = await db.Set<PersonalDataRead>()
            .AsNoTracking()
            .Where(r => readSubjects.Contains(r.SubjectId))
            .OrderBy(r => r.OccurredAt)
            .ThenBy(r => r.Id)
            .Select(r => new
            {
                r.OccurredAt,
                r.SubjectType,
                r.SubjectId,
                r.Access,
                r.ActorUserId,
                r.ActorClientId,
                r.OrganizationId,
            })
            .ToListAsync(cancellationToken);

        using var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true);
        await AddJsonAsync(zip, "clients.json", clients, cancellationToken);
        await AddJsonAsync(zip, "leads.json", leads, cancellationToken);
        await AddJsonAsync(zip, "deals.json", deals, cancellationToken);
        await AddJsonAsync(
            zip,
            "documents.json",
            documents.Select(d => new
            {
                d.Id,
                d.OrganizationId,
                d.SubjectType,
                d.SubjectId,
                d.Kind,
                d.FileName,
                d.ContentType,
                d.Size,
                d.Sha256,
                File = FileEntry(d),
                d.CreatedAt,
            }),
            cancellationToken
        );
        await AddJsonAsync(zip, "consents.json", consents, cancellationToken);
        await AddJsonAsync(zip, "reads.json", reads, cancellationToken);
        foreach (var document in documents)
        {
            await using var content = await storage.OpenReadAsync(document.StorageKey, cancellationToken);
            if (content is null)
            {
                continue;
            }

            await using var entry = await zip.CreateEntry(FileEntry(document)).OpenAsync(cancellationToken);
            await content.CopyToAsync(entry, cancellationToken);
        }
    }

    private static string FileEntry(Document document) => $"files/{document.Id:N}-{document.FileName}";

    private static async Task AddJsonAsync<T>(ZipArchive zip, string name, T rows, CancellationToken cancellationToken)
    {
        await using var entry = await zip.CreateEntry(name).OpenAsync(cancellationToken);
        await JsonSerializer.SerializeAsync(entry, rows, Json, cancellationToken);
    }
}
