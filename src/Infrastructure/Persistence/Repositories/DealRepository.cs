using System.Linq.Expressions;
using MakCrm.Application.Abstractions.Persistence;
using MakCrm.Application.Abstractions.Security;
using MakCrm.Application.Deals;
using MakCrm.Domain.Deals;
using Microsoft.EntityFrameworkCore;

namespace MakCrm.Infrastructure.Persistence.Repositories;

internal sealed class DealRepository(MakCrmDbContext db) : IDealRepository
{
    private static readonly Expression<Func<Deal, DealDto>> ToDto = d => new DealDto(
        d.Id, d.OrganizationId, d.ClientId, d.LeadId, d.Title, d.Amount, d.Bank, d.Product, d.ResponsibleUserId,
        d.PipelineId, d.StageId, d.ClosedAt, d.CreatedAt, d.UpdatedAt, d.Version);

    public Task<Deal?> FindAsync(Guid id, DataScope scope, CancellationToken cancellationToken) =>
        db.Deals.InScope(scope).FirstOrDefaultAsync(d => d.Id == id, cancellationToken);

    public Task<List<Deal>> InStageAsync(Guid stageId, CancellationToken cancellationToken) =>
        db.Deals.Where(d => d.StageId == stageId).ToListAsync(cancellationToken);

    public Task<int> CountInPipelineAsync(Guid pipelineId, CancellationToken cancellationToken) =>
        db.Deals.CountAsync(d => d.PipelineId == pipelineId, cancellationToken);

    public Task<bool> ExistsAsync(Guid id, DataScope scope, CancellationToken cancellationToken) =>
        db.Deals.InScope(scope).AnyAsync(d => d.Id == id, cancellationToken);

    public void Add(Deal deal) => db.Deals.Add(deal);

    public Task<DealDto?> GetAsync(Guid id, DataScope scope, DataScope? clients, CancellationToken cancellationToken) =>
        db.Deals.AsNoTracking().InScope(scope).Where(d => d.Id == id).Select(WithClient(clients)).FirstOrDefaultAsync(cancellationToken);

    public async Task<IReadOnlyList<DealDto>> ListAsync(DealListCriteria criteria, CancellationToken cancellationToken)
    {
        var query = Filter(db.Deals.AsNoTracking().InScope(criteria.Scope), criteria.Filter).UpdatedWithin(criteria.Updated);
        var (sort, after, take) = (criteria.Sort, criteria.After, criteria.Take);
        query = sort.Field switch
        {
            DealSortField.CreatedAt => query.Page(d => d.CreatedAt, sort.Descending, after, take),
            DealSortField.UpdatedAt => query.Page(d => d.UpdatedAt, sort.Descending, after, take),
            DealSortField.Amount => query.Page(d => d.Amount, sort.Descending, after, take),
            _ => throw new ArgumentOutOfRangeException(nameof(criteria)),
        };
        return await query.Select(WithClient(criteria.Clients)).ToListAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<DealStageChangeDto>> HistoryAsync(Guid dealId, CancellationToken cancellationToken) =>
        await db.DealStageHistory.AsNoTracking().Where(h => h.DealId == dealId).OrderBy(h => h.At).ThenBy(h => h.Id)
            .Select(h => new DealStageChangeDto(h.Id, h.At, h.ActorUserId, h.ActorClientId, h.FromPipelineId, h.FromStageId, h.ToPipelineId, h.ToStageId))
            .ToListAsync(cancellationToken);

    /// <summary>The deal with its client's summary, read in the same statement, when <paramref name="clients"/> includes the client's organization.</summary>
    private Expression<Func<Deal, DealDto>> WithClient(DataScope? clients) =>
        clients is null ? ToDto : ClientSummaries.Into(ToDto, db.Clients, clients, d => d.ClientId);

    private static IQueryable<Deal> Filter(IQueryable<Deal> query, DealFilter filter)
    {
        if (filter.PipelineId is { } pipeline)
        {
            query = query.Where(d => d.PipelineId == pipeline);
        }

        if (filter.StageId is { } stage)
        {
            query = query.Where(d => d.StageId == stage);
        }

        if (filter.ResponsibleUserId is { } responsible)
        {
            query = query.Where(d => d.ResponsibleUserId == responsible);
        }

        if (filter.ClientId is { } client)
        {
            query = query.Where(d => d.ClientId == client);
        }

        if (filter.LeadId is { } lead)
        {
            query = query.Where(d => d.LeadId == lead);
        }

        return query;
    }
}
