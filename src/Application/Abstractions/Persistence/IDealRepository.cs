using MakCrm.Application.Deals;
using MakCrm.Domain.Deals;

namespace MakCrm.Application.Abstractions.Persistence;

public interface IDealRepository
{
    /// <summary>The deal to change, tracked; <c>null</c> when it does not exist, was deleted or is outside the
    /// scope.</summary>
    Task<Deal?> FindAsync(Guid id, DataScope scope, CancellationToken cancellationToken);

    /// <summary>The live deals in a stage, in every organization, tracked.</summary>
    Task<List<Deal>> InStageAsync(Guid stageId, CancellationToken cancellationToken);

    /// <summary>The live deals in any stage of a pipeline, in every organization.</summary>
    Task<int> CountInPipelineAsync(Guid pipelineId, CancellationToken cancellationToken);

    Task<bool> ExistsAsync(Guid id, DataScope scope, CancellationToken cancellationToken);

    void Add(Deal deal);

    /// <summary>The deal, with its client's summary when <paramref name="clients"/> includes the client's
    /// organization.</summary>
    Task<DealDto?> GetAsync(Guid id, DataScope scope, DataScope? clients, CancellationToken cancellationToken);

    Task<IReadOnlyList<DealDto>> ListAsync(DealListCriteria criteria, CancellationToken cancellationToken);

    /// <summary>How many rows the list's filters match (its sort, cursor and size aside).</summary>
    Task<Contracts.ListTotal> TotalAsync(DealListCriteria criteria, CancellationToken cancellationToken);

    /// <summary>
    /// The scope's open deals created in [from, to), narrowed by <paramref name="filter"/>, counted and summed per
    /// stage and per month of their creation in <paramref name="timeZone"/>.
    /// </summary>
    Task<IReadOnlyList<OpenDealsInMonth>> OpenDealsByMonthAsync(
        DataScope scope,
        ForecastFilter filter,
        DateTimeOffset from,
        DateTimeOffset to,
        string timeZone,
        CancellationToken cancellationToken
    );

    /// <summary>
    /// The scope's open deals expected to close on a day of [from, to) (their <c>expected_close_date</c>), narrowed by
    /// <paramref name="filter"/>, counted and summed per month of that day, stage and own probability.
    /// </summary>
    Task<IReadOnlyList<OpenDealsInMonth>> OpenDealsByCloseMonthAsync(
        DataScope scope,
        ForecastFilter filter,
        DateOnly from,
        DateOnly to,
        CancellationToken cancellationToken
    );

    /// <summary>The scope's deals closed in [from, to), narrowed by <paramref name="filter"/>, counted per pipeline,
    /// client source and outcome.</summary>
    Task<IReadOnlyList<ClosedDeals>> ClosedDealsAsync(
        DataScope scope,
        ForecastFilter filter,
        DateTimeOffset from,
        DateTimeOffset to,
        CancellationToken cancellationToken
    );

    /// <summary>The deal's stage moves, oldest first.</summary>
    Task<IReadOnlyList<DealStageChangeDto>> HistoryAsync(Guid dealId, CancellationToken cancellationToken);
}
