namespace MakCrm.Application.Audit;

public sealed record ListAuditEventsQuery(
    string? Kind = null,
    string? Action = null,
    Guid? ActorUserId = null,
    string? EntityType = null,
    Guid? EntityId = null,
    DateTimeOffset? From = null,
    DateTimeOffset? To = null,
    string? Sort = null,
    string? Cursor = null,
    int? Limit = null
) : IQuery<Page<AuditEventDto>>;

internal sealed class ListAuditEventsValidator : AbstractValidator<ListAuditEventsQuery>
{
    public ListAuditEventsValidator()
    {
        RuleFor(q => q.Kind).Must(k => k is null or "security" or "data").WithMessage("Must be security or data.");
        RuleFor(q => q.Action).OptionalText(64);
        RuleFor(q => q.EntityType).OptionalText(64);
        RuleFor(q => q.Sort).ValidSort(AuditSorts.Catalog);
        RuleFor(q => q.Limit).ValidLimit();
        RuleFor(q => q.To)
            .GreaterThan(q => q.From)
            .When(q => q.From is not null && q.To is not null)
            .WithMessage("Must be later than from.");
    }
}

internal sealed class ListAuditEventsHandler(IAuditLog audit) : IQueryHandler<ListAuditEventsQuery, Page<AuditEventDto>>
{
    public async Task<Result<Page<AuditEventDto>>> Handle(
        ListAuditEventsQuery query,
        CancellationToken cancellationToken
    )
    {
        var paging = ListPaging.Prepare(AuditSorts.Catalog, query.Sort, query.Cursor, query.Limit);
        if (!paging.IsSuccess)
        {
            return paging.Error!;
        }

        var (sort, after, limit) = paging.Value;
        var filter = new AuditFilter(
            query.Kind,
            query.Action,
            query.ActorUserId,
            query.EntityType,
            query.EntityId,
            query.From?.ToUniversalTime(),
            query.To?.ToUniversalTime()
        );
        var rows = await audit.ListAsync(new AuditListCriteria(filter, sort, after, limit + 1), cancellationToken);
        return ListPaging.ToPage(AuditSorts.Catalog, sort, rows, limit, e => e.Id);
    }
}
