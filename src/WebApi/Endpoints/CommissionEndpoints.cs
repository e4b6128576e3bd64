using MakCrm.Application.Commissions;
using MakCrm.Application.Deals;
using MakCrm.Contracts;
using MakCrm.WebApi.Wire;
using Microsoft.AspNetCore.Mvc;
using CommissionEntryKind = MakCrm.Domain.Commissions.CommissionEntryKind;
using CommissionRuleKind = MakCrm.Domain.Commissions.CommissionRuleKind;

namespace MakCrm.WebApi.Endpoints;

/// <summary>Commission rules (head office manages them), the profit calculator, the commission ledgers' entries and
/// balances, and head office's bonuses.</summary>
internal sealed class CommissionEndpoints : IEndpointGroup
{
    public void Map(IEndpointRouteBuilder app)
    {
        var rules = app.MapGroup("/api/v1/commission-rules");
        rules.MapGet("/", ListRules).WithName("listCommissionRules");
        rules.MapPost("/", CreateRule).WithName("createCommissionRule");

        var money = app.MapGroup("/api/v1");
        money.MapPost("/commission-quotes", Quote).WithName("quoteCommission");
        money
            .MapGet("/commission-entries", ListEntries)
            .WithName("listCommissionEntries")
            .SortedBy(CommissionSorts.Entries);
        money.MapGet("/commission-entries/{id:guid}", GetEntry).WithName("getCommissionEntry");
        money.MapPost("/commission-bonuses", RecordBonus).WithName("recordCommissionBonus");
        money.MapPut("/commission-bonuses/{id:guid}/reversal", ReverseBonus).WithName("reverseCommissionBonus");
        money.MapGet("/commission-balances", ListBalances).WithName("listCommissionBalances");
        money.MapPut("/deals/{id:guid}/loan/fee", RecordLoanFee).WithName("recordLoanFee");
    }

    private static async Task<Results<JsonOk<Contracts.Deal>, ProblemHttpResult>> RecordLoanFee(
        Guid id,
        [FromHeader(Name = "If-Match")] string? ifMatch,
        HttpContext http,
        ICommandHandler<RecordLoanFeeCommand, DealDto> handler,
        Body<RecordLoanFeeRequest> body,
        CancellationToken cancellationToken
    ) =>
        Respond.Ok(
            http.Response,
            await handler.Handle(body.Value.ToCommand(id, ETag.IfMatch(ifMatch)), cancellationToken),
            Contracts.Deal.From
        );

    private static async Task<Results<JsonOk<CommissionRuleList>, ProblemHttpResult>> ListRules(
        IQueryHandler<ListCommissionRulesQuery, IReadOnlyList<Contracts.CommissionRule>> handler,
        [AsParameters] ListCommissionRulesParameters query,
        CancellationToken cancellationToken
    )
    {
        return Respond.Value(
            await handler.Handle(new ListCommissionRulesQuery(query.Kind?.Value, query.On), cancellationToken),
            CommissionRuleList.From
        );
    }

    /// <summary>Rules never change, so a created one has a location but no ETag.</summary>
    private static async Task<Results<JsonCreated<Contracts.CommissionRule>, ProblemHttpResult>> CreateRule(
        Body<CreateCommissionRuleRequest> body,
        ICommandHandler<CreateCommissionRuleCommand, Contracts.CommissionRule> handler,
        CancellationToken cancellationToken
    ) =>
        Respond.CreatedAt(
            await handler.Handle(body.Value.ToCommand(), cancellationToken),
            r => $"/api/v1/commission-rules?on={r.EffectiveFrom:yyyy-MM-dd}"
        );

    private static async Task<Results<JsonOk<CommissionQuote>, ProblemHttpResult>> Quote(
        Body<CommissionQuoteRequest> body,
        IQueryHandler<QuoteCommissionQuery, CommissionQuoteDto> handler,
        CancellationToken cancellationToken
    ) => Respond.Value(await handler.Handle(body.Value.ToQuery(), cancellationToken), CommissionQuote.From);

    private static async Task<Results<JsonOk<CommissionEntryPage>, ProblemHttpResult>> ListEntries(
        IQueryHandler<ListCommissionEntriesQuery, Page<CommissionEntryDto>> handler,
        [AsParameters] ListCommissionEntriesParameters query,
        CancellationToken cancellationToken
    )
    {
        var request = new ListCommissionEntriesQuery(
            query.OrganizationId,
            query.Kind.Values(),
            query.DealId,
            query.Level,
            query.From,
            query.To,
            query.Sort,
            query.Cursor,
            query.Limit
        );
        return Respond.Value(await handler.Handle(request, cancellationToken), CommissionEntryPage.From);
    }

    private static async Task<Results<JsonOk<Contracts.CommissionEntry>, ProblemHttpResult>> GetEntry(
        Guid id,
        IQueryHandler<GetCommissionEntryQuery, CommissionEntryDto> handler,
        CancellationToken cancellationToken
    ) =>
        Respond.Value(
            await handler.Handle(new GetCommissionEntryQuery(id), cancellationToken),
            Contracts.CommissionEntry.From
        );

    /// <summary>Entries never change, so a recorded bonus has a location but no ETag.</summary>
    private static async Task<Results<JsonCreated<Contracts.CommissionEntry>, ProblemHttpResult>> RecordBonus(
        Body<RecordCommissionBonusRequest> body,
        ICommandHandler<RecordCommissionBonusCommand, CommissionEntryDto> handler,
        CancellationToken cancellationToken
    ) =>
        Respond.CreatedAt(
            await handler.Handle(body.Value.ToCommand(), cancellationToken),
            e => $"/api/v1/commission-entries/{e.Id}",
            Contracts.CommissionEntry.From
        );

    private static async Task<Results<JsonOk<Contracts.CommissionEntry>, ProblemHttpResult>> ReverseBonus(
        Guid id,
        Body<ReverseCommissionBonusRequest> body,
        ICommandHandler<ReverseCommissionBonusCommand, CommissionEntryDto> handler,
        CancellationToken cancellationToken
    ) =>
        Respond.Value(
            await handler.Handle(new ReverseCommissionBonusCommand(id, body.Value.Reason), cancellationToken),
            Contracts.CommissionEntry.From
        );

    private static async Task<Results<JsonOk<CommissionBalanceList>, ProblemHttpResult>> ListBalances(
        IQueryHandler<ListCommissionBalancesQuery, IReadOnlyList<Contracts.CommissionBalance>> handler,
        CancellationToken cancellationToken
    ) =>
        Respond.Value(
            await handler.Handle(new ListCommissionBalancesQuery(), cancellationToken),
            CommissionBalanceList.From
        );
}
