using MakCrm.Domain.Help;

namespace MakCrm.Application.Tickets;

public sealed record GetTicketQuery(Guid Id) : IQuery<TicketDto>;

/// <param name="Assignee"><c>me</c>, <c>none</c> or a user's id.</param>
/// <param name="Mine">Only tickets the caller opened.</param>
public sealed record ListTicketsQuery(
    TicketStatus? Status = null,
    string? Assignee = null,
    TicketCategory? Category = null,
    TicketPriority? Priority = null,
    bool? Mine = null,
    string? Sort = null,
    string? Cursor = null,
    int? Limit = null,
    string? Q = null,
    DateTimeOffset? CreatedFrom = null,
    DateTimeOffset? CreatedTo = null,
    bool? WithTotal = null
) : IQuery<Page<TicketDto>>, ICreatedWindowQuery;

public sealed record ListTicketMessagesQuery(Guid TicketId, string? Cursor = null, int? Limit = null)
    : IQuery<Page<TicketMessageDto>>;

internal sealed class GetTicketHandler(ITicketRepository tickets, ICurrentActor actor)
    : IQueryHandler<GetTicketQuery, TicketDto>
{
    public async Task<Result<TicketDto>> Handle(GetTicketQuery query, CancellationToken cancellationToken) =>
        await tickets.GetAsync(query.Id, TicketCatalog.ScopeOf(actor), cancellationToken) is { } ticket
            ? ticket
            : TicketCatalog.NotFound(query.Id);
}

internal sealed class ListTicketsValidator : AbstractValidator<ListTicketsQuery>
{
    public const string Me = "me";
    public const string None = "none";

    public ListTicketsValidator()
    {
        RuleFor(q => q.Assignee)
            .Must(a => a is null or Me or None || (Guid.TryParse(a, out var id) && id != Guid.Empty))
            .WithMessage("Must be `me`, `none` or a user's id.");
        RuleFor(q => q.Status).DefinedOrNull();
        RuleFor(q => q.Category).DefinedOrNull();
        RuleFor(q => q.Priority).DefinedOrNull();
        RuleFor(q => q.Q).ValidSearch();
        Include(new CreatedWindowValidator<ListTicketsQuery>());
        RuleFor(q => q.Sort).ValidSort(TicketCatalog.Sorts);
        RuleFor(q => q.Limit).ValidLimit();
    }
}

internal sealed class ListTicketsHandler(ITicketRepository tickets, ICurrentActor actor)
    : IQueryHandler<ListTicketsQuery, Page<TicketDto>>
{
    public async Task<Result<Page<TicketDto>>> Handle(ListTicketsQuery query, CancellationToken cancellationToken)
    {
        var paging = ListPaging.Prepare(TicketCatalog.Sorts, query.Sort, query.Cursor, query.Limit);
        if (!paging.IsSuccess)
        {
            return paging.Error!;
        }

        if ((query.Assignee == ListTicketsValidator.Me || query.Mine == true) && actor.UserId is null)
        {
            return Error.Validation(
                query.Mine == true ? "mine" : "assignee",
                "An API client has no tickets of its own."
            );
        }

        Guid? assignee = query.Assignee switch
        {
            null or ListTicketsValidator.None => null,
            ListTicketsValidator.Me => actor.UserId,
            _ => Guid.Parse(query.Assignee),
        };
        var filter = new TicketFilter(
            query.Status,
            assignee,
            query.Assignee == ListTicketsValidator.None,
            query.Category,
            query.Priority,
            query.Mine == true ? actor.UserId : null,
            query.Q,
            CreatedWindow.Of(query)
        );
        var (sort, after, limit) = paging.Value;
        var criteria = new TicketListCriteria(TicketCatalog.ScopeOf(actor), filter, sort, after, limit + 1);
        var rows = await tickets.ListAsync(criteria, cancellationToken);
        return await ListPaging
            .ToPage(TicketCatalog.Sorts, sort, rows, limit, t => t.Id)
            .WithTotalAsync(query.WithTotal, c => tickets.TotalAsync(criteria, c), cancellationToken);
    }
}

internal sealed class ListTicketMessagesValidator : AbstractValidator<ListTicketMessagesQuery>
{
    public ListTicketMessagesValidator() => RuleFor(q => q.Limit).ValidLimit();
}

/// <summary>A ticket's messages, oldest first; internal notes are shown to support only.</summary>
internal sealed class ListTicketMessagesHandler(ITicketRepository tickets, ICurrentActor actor)
    : IQueryHandler<ListTicketMessagesQuery, Page<TicketMessageDto>>
{
    public async Task<Result<Page<TicketMessageDto>>> Handle(
        ListTicketMessagesQuery query,
        CancellationToken cancellationToken
    )
    {
        var paging = ListPaging.Prepare(TicketCatalog.MessageSorts, null, query.Cursor, query.Limit);
        if (!paging.IsSuccess)
        {
            return paging.Error!;
        }

        if (await tickets.GetAsync(query.TicketId, TicketCatalog.ScopeOf(actor), cancellationToken) is null)
        {
            return TicketCatalog.NotFound(query.TicketId);
        }

        var (sort, after, limit) = paging.Value;
        var rows = await tickets.ListMessagesAsync(
            query.TicketId,
            TicketCatalog.IsSupport(actor),
            after,
            limit + 1,
            cancellationToken
        );
        return ListPaging.ToPage(TicketCatalog.MessageSorts, sort, rows, limit, m => m.Id);
    }
}
