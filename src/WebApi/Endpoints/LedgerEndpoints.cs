using MakCrm.Application.Ledger;
using MakCrm.Contracts;
using MakCrm.Domain.Common;
using MakCrm.WebApi.Wire;
using LedgerEntryKind = MakCrm.Domain.Ledger.LedgerEntryKind;

namespace MakCrm.WebApi.Endpoints;

/// <summary>Franchisees' balances and their ledgers' entries.</summary>
internal sealed class LedgerEndpoints : IEndpointGroup
{
    public void Map(IEndpointRouteBuilder app)
    {
        var ledger = app.MapGroup("/api/v1/ledger");
        ledger.MapGet("/balances", ListBalances).WithName("listBalances").SortedBy(LedgerSorts.Balances);
        ledger.MapGet("/balances/{id:guid}", GetBalance).WithName("getBalance");
        ledger.MapGet("/entries", ListEntries).WithName("listLedgerEntries").SortedBy(LedgerSorts.Entries);
        ledger.MapGet("/entries/{id:guid}", GetEntry).WithName("getLedgerEntry");
        ledger.MapPost("/deposits", RecordDeposit).WithName("recordDeposit");
        ledger.MapPost("/adjustments", RecordAdjustment).WithName("recordAdjustment");
    }

    private static async Task<Results<JsonOk<FranchiseeBalancePage>, ProblemHttpResult>> ListBalances(
        IQueryHandler<ListBalancesQuery, Page<FranchiseeBalanceDto>> handler,
        [AsParameters] ListBalancesParameters query,
        CancellationToken cancellationToken
    ) =>
        Respond.Value(
            await handler.Handle(
                new ListBalancesQuery(query.Grade, query.Sort, query.Cursor, query.Limit),
                cancellationToken
            ),
            FranchiseeBalancePage.From
        );

    private static async Task<Results<JsonOk<FranchiseeBalance>, ProblemHttpResult>> GetBalance(
        Guid id,
        IQueryHandler<GetBalanceQuery, FranchiseeBalanceDto> handler,
        CancellationToken cancellationToken
    ) => Respond.Value(await handler.Handle(new GetBalanceQuery(id), cancellationToken), FranchiseeBalance.From);

    private static async Task<Results<JsonOk<LedgerEntryPage>, ProblemHttpResult>> ListEntries(
        IQueryHandler<ListLedgerEntriesQuery, Page<LedgerEntryDto>> handler,
        [AsParameters] ListLedgerEntriesParameters query,
        CancellationToken cancellationToken
    )
    {
        var request = new ListLedgerEntriesQuery(
            query.OrganizationId,
            query.Kind.Values(),
            query.From,
            query.To,
            query.LotId,
            query.LeadId,
            query.Sort,
            query.Cursor,
            query.Limit
        );
        return Respond.Value(await handler.Handle(request, cancellationToken), LedgerEntryPage.From);
    }

    private static async Task<Results<JsonOk<LedgerEntry>, ProblemHttpResult>> GetEntry(
        Guid id,
        IQueryHandler<GetLedgerEntryQuery, LedgerEntryDto> handler,
        CancellationToken cancellationToken
    ) => Respond.Value(await handler.Handle(new GetLedgerEntryQuery(id), cancellationToken), LedgerEntry.From);

    private static async Task<Results<JsonCreated<LedgerEntry>, ProblemHttpResult>> RecordDeposit(
        Body<RecordLedgerEntryRequest> body,
        ICommandHandler<RecordDepositCommand, LedgerEntryDto> handler,
        CancellationToken cancellationToken
    ) =>
        Recorded(
            await handler.Handle(
                new RecordDepositCommand(body.Value.OrganizationId, body.Value.Amount, body.Value.Comment),
                cancellationToken
            )
        );

    private static async Task<Results<JsonCreated<LedgerEntry>, ProblemHttpResult>> RecordAdjustment(
        Body<RecordLedgerEntryRequest> body,
        ICommandHandler<RecordAdjustmentCommand, LedgerEntryDto> handler,
        CancellationToken cancellationToken
    ) =>
        Recorded(
            await handler.Handle(
                new RecordAdjustmentCommand(body.Value.OrganizationId, body.Value.Amount, body.Value.Comment),
                cancellationToken
            )
        );

    /// <summary>Entries never change, so a created one has a location but no ETag.</summary>
    private static Results<JsonCreated<LedgerEntry>, ProblemHttpResult> Recorded(Result<LedgerEntryDto> recorded) =>
        Respond.CreatedAt(recorded, e => $"/api/v1/ledger/entries/{e.Id}", LedgerEntry.From);
}
