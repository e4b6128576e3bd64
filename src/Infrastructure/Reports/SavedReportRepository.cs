using MakCrm.Application.Abstractions.Persistence;
using MakCrm.Application.Common;
using MakCrm.Application.Reports;
using MakCrm.Domain.Organizations;
using MakCrm.Domain.Reports;
using MakCrm.Infrastructure.Persistence;
using MakCrm.Infrastructure.Persistence.Repositories;

namespace MakCrm.Infrastructure.Reports;

/// <summary>
/// Saved reports as their reader may see them: its own; those shared with one of its roles by a colleague of its
/// organization or by head office (whose shared reports are every organization's, each run on its reader's rows);
/// every one with <c>reports.manage.all</c>.
/// </summary>
internal sealed class SavedReportRepository(MakCrmDbContext db) : ISavedReportRepository
{
    public void Add(SavedReport report) => db.Set<SavedReport>().Add(report);

    public async Task<SavedReportDto?> GetAsync(
        Guid id,
        SavedReportReader reader,
        CancellationToken cancellationToken
    ) =>
        await Readable(reader).AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, cancellationToken) is { } report
            ? SavedReportDto.From(report)
            : null;

    public Task<SavedReport?> FindOwnedAsync(Guid id, SavedReportReader reader, CancellationToken cancellationToken) =>
        Owned(reader).FirstOrDefaultAsync(r => r.Id == id, cancellationToken);

    public async Task<IReadOnlyList<SavedReportDto>> ListAsync(
        SavedReportReader reader,
        KeysetPosition? after,
        int take,
        CancellationToken cancellationToken
    ) =>
        (await Readable(reader).AsNoTracking().Page(r => r.CreatedAt, true, after, take).ToListAsync(cancellationToken))
            .Select(SavedReportDto.From)
            .ToList();

    private IQueryable<SavedReport> Owned(SavedReportReader reader)
    {
        var reports = db.Set<SavedReport>();
        if (reader.All)
        {
            return reports;
        }

        return reader.UserId is { } user
            ? reports.Where(r => r.OwnerUserId == user)
            : reports.Where(r =>
                r.OwnerUserId == null && r.OwnerClientId == reader.ClientId && r.OrganizationId == reader.OrganizationId
            );
    }

    private IQueryable<SavedReport> Readable(SavedReportReader reader)
    {
        if (reader.All)
        {
            return db.Set<SavedReport>();
        }

        var roles = reader.Roles.ToArray();
        var headOffices = db.Set<Organization>().Where(o => o.Kind == OrganizationKind.HeadOffice).Select(o => o.Id);
        var shared = db.Set<SavedReport>()
            .Where(r =>
                r.SharedWithRoles.Any(role => roles.Contains(role))
                && (r.OrganizationId == reader.OrganizationId || headOffices.Contains(r.OrganizationId))
            );
        return Owned(reader).Union(shared);
    }
}
