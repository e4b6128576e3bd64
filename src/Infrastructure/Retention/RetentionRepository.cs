using MakCrm.Application.Abstractions.Persistence;
using MakCrm.Application.Common;
using MakCrm.Domain.Retention;
using MakCrm.Infrastructure.Persistence;
using MakCrm.Infrastructure.Persistence.Repositories;

namespace MakCrm.Infrastructure.Retention;

internal sealed class RetentionRepository(MakCrmDbContext db) : IRetentionRepository
{
    public async Task<IReadOnlyList<RetentionRule>> ListRulesAsync(CancellationToken cancellationToken)
    {
        var rules = await db.Set<RetentionRule>().AsNoTracking().ToListAsync(cancellationToken);
        return [.. rules.OrderBy(r => r.Kind)];
    }

    public Task<RetentionRule?> FindRuleAsync(RetentionDataKind kind, CancellationToken cancellationToken) =>
        db.Set<RetentionRule>().FirstOrDefaultAsync(r => r.Kind == kind, cancellationToken);

    public async Task<IReadOnlyList<LegalHold>> ListHoldsAsync(
        Guid? clientId,
        KeysetPosition? after,
        int take,
        CancellationToken cancellationToken
    )
    {
        var query = db.Set<LegalHold>().AsNoTracking().Where(h => h.DeletedAt == null);
        if (clientId is { } client)
        {
            query = query.Where(h => h.ClientId == client);
        }

        return await query.Page(h => h.CreatedAt, descending: true, after, take).ToListAsync(cancellationToken);
    }

    public Task<LegalHold?> FindHoldAsync(Guid id, CancellationToken cancellationToken) =>
        db.Set<LegalHold>().FirstOrDefaultAsync(h => h.Id == id && h.DeletedAt == null, cancellationToken);

    public Task<bool> IsHeldAsync(Guid clientId, CancellationToken cancellationToken) =>
        db.Set<LegalHold>().AnyAsync(h => h.ClientId == clientId && h.DeletedAt == null, cancellationToken);

    public void Add(LegalHold hold) => db.Set<LegalHold>().Add(hold);

    public async Task<IReadOnlyList<DestructionRun>> ListRunsAsync(
        KeysetPosition? after,
        int take,
        CancellationToken cancellationToken
    ) =>
        await db
            .Set<DestructionRun>()
            .AsNoTracking()
            .Page(r => r.CreatedAt, descending: true, after, take)
            .ToListAsync(cancellationToken);

    public Task<DestructionRun?> GetRunAsync(Guid id, CancellationToken cancellationToken) =>
        db.Set<DestructionRun>().AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, cancellationToken);

    public void Add(DestructionRun run) => db.Set<DestructionRun>().Add(run);
}
