namespace MakCrm.Application.PersonalData;

public sealed record ListPersonalDataReadsQuery(
    string? SubjectType = null,
    Guid? SubjectId = null,
    Guid? ActorUserId = null,
    string? ActorClientId = null,
    string? Access = null,
    DateTimeOffset? From = null,
    DateTimeOffset? To = null,
    string? Sort = null,
    string? Cursor = null,
    int? Limit = null
) : IQuery<Page<PersonalDataReadDto>>;

internal sealed class ListPersonalDataReadsValidator : AbstractValidator<ListPersonalDataReadsQuery>
{
    public ListPersonalDataReadsValidator()
    {
        RuleFor(q => q.SubjectType)
            .Must(t => t is null || PersonalDataSubjects.All.Contains(t))
            .WithMessage($"Must be one of: {string.Join(", ", PersonalDataSubjects.All)}.");
        RuleFor(q => q.Access)
            .Must(a => a is null || PersonalDataAccess.All.Contains(a))
            .WithMessage($"Must be one of: {string.Join(", ", PersonalDataAccess.All)}.");
        RuleFor(q => q.ActorClientId).OptionalText(100);
        RuleFor(q => q.Sort).ValidSort(PersonalDataReadSorts.Catalog);
        RuleFor(q => q.Limit).ValidLimit();
        RuleFor(q => q.To)
            .GreaterThan(q => q.From)
            .When(q => q.From is not null && q.To is not null)
            .WithMessage("Must be later than from.");
    }
}

internal sealed class ListPersonalDataReadsHandler(IPersonalDataReads reads)
    : IQueryHandler<ListPersonalDataReadsQuery, Page<PersonalDataReadDto>>
{
    public async Task<Result<Page<PersonalDataReadDto>>> Handle(
        ListPersonalDataReadsQuery query,
        CancellationToken cancellationToken
    )
    {
        var paging = ListPaging.Prepare(PersonalDataReadSorts.Catalog, query.Sort, query.Cursor, query.Limit);
        if (!paging.IsSuccess)
        {
            return paging.Error!;
        }

        var (sort, after, limit) = paging.Value;
        var filter = new PersonalDataReadFilter(
            query.SubjectType,
            query.SubjectId,
            query.ActorUserId,
            query.ActorClientId,
            query.Access,
            query.From?.ToUniversalTime(),
            query.To?.ToUniversalTime()
        );
        var rows = await reads.ListAsync(
            new PersonalDataReadCriteria(filter, sort, after, limit + 1),
            cancellationToken
        );
        return ListPaging.ToPage(PersonalDataReadSorts.Catalog, sort, rows, limit, e => e.Id);
    }
}
