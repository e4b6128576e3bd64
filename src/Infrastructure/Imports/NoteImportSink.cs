using MakCrm.Application.Common;
using MakCrm.Application.Transfer;
using MakCrm.Domain.Leads;
using MakCrm.Infrastructure.Persistence;
using Microsoft.Extensions.Options;

namespace MakCrm.Infrastructure.Imports;

/// <summary>
/// Notes and history brought over from another CRM (<see cref="NoteImportRows"/>): each a comment on the lead the row
/// names (<see cref="ImportLinks"/>), written by the user <c>authorEmail</c> names or else by the uploader, at the
/// file's <c>createdAt</c>, so that the lead's timeline shows it where it happened.
/// </summary>
internal sealed class NoteImportSink(
    MakCrmDbContext db,
    ImportDbContext context,
    ImportLinks links,
    IOptions<ImportOptions> options,
    TimeProvider clock
) : LinkedRowSink<NoteImportRows>(db, context, options)
{
    protected override (NoteImportRows? Reader, string? Problem) ReadHeader(IReadOnlyList<string?> header) =>
        NoteImportRows.ForHeader(header);

    protected override async Task<(object? Entity, string? Reason)> BuildAsync(
        NoteImportRows reader,
        ClaimedImport import,
        IReadOnlyList<string?> cells,
        CancellationToken cancellationToken
    )
    {
        var judged = reader.Judge(cells);
        if (judged.Row is not { } row)
        {
            return (null, judged.Reason);
        }

        var organization = import.OrganizationId;
        var lead = await links.LeadAsync(organization, row.Subject, cancellationToken);
        if (lead.Id is not { } leadId)
        {
            return (null, lead.Reason);
        }

        var author = new LeadActor(import.UserId, import.UserId is null ? import.ClientId : null);
        if (row.AuthorEmail is { } email)
        {
            var user = await links.UserAsync(organization, email, NoteColumns.AuthorEmail, cancellationToken);
            if (user.Id is not { } userId)
            {
                return (null, user.Reason);
            }

            author = new LeadActor(userId, null);
        }

        var now = clock.UtcNowMicroseconds();
        if (row.CreatedAt > now)
        {
            return (null, $"{NoteColumns.CreatedAt}: The note's time must not be in the future.");
        }

        return (LeadComment.Create(clock.NewId(), leadId, author, row.Text, row.CreatedAt ?? now), null);
    }
}
