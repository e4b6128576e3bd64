using MakCrm.Application.Abstractions.Integrations;
using MakCrm.Domain.BorrowerChecks;
using MakCrm.Infrastructure.Persistence;

namespace MakCrm.Infrastructure.BorrowerChecks;

/// <summary>
/// The sanctions list in force (the newest import) matched in PostgreSQL's copy: the entries with the borrower's birth
/// date or none, their names compared by <see cref="PersonNames"/>. No list imported is unavailable, never clear.
/// </summary>
public sealed class SanctionsListCheck(MakCrmDbContext db) : ISanctionsCheck
{
    public async Task<CheckResult> CheckAsync(string fullName, DateOnly birthDate, CancellationToken cancellationToken)
    {
        var list = await db.Set<SanctionsList>()
            .AsNoTracking()
            .OrderByDescending(l => l.CreatedAt)
            .ThenByDescending(l => l.Id)
            .Select(l => new { l.Id, l.ListVersion })
            .FirstOrDefaultAsync(cancellationToken);
        if (list is null)
        {
            return CheckResult.Unavailable(
                BorrowerCheckUnavailableReason.NotConfigured,
                "No sanctions list has been imported."
            );
        }

        var candidates = await db.Set<SanctionsEntry>()
            .AsNoTracking()
            .Where(e => e.ListId == list.Id && (e.BirthDate == birthDate || e.BirthDate == null))
            .Select(e => new
            {
                e.FullName,
                e.NormalizedName,
                e.BirthDate,
            })
            .ToListAsync(cancellationToken);
        var name = PersonNames.Normalize(fullName);
        var matches = candidates
            .Select(e =>
                PersonNames.Match(name, birthDate, e.NormalizedName, e.BirthDate) is { } score
                    ? new SanctionsMatch(e.FullName, e.BirthDate, score)
                    : null
            )
            .OfType<SanctionsMatch>()
            .OrderByDescending(m => m.Score)
            .ToList();
        return matches.Count == 0
            ? CheckResult.Clear(listVersion: list.ListVersion)
            : CheckResult.Hit($"{matches.Count} entr(ies) of the list match.", matches, list.ListVersion);
    }
}
