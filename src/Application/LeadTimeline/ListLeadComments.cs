namespace MakCrm.Application.LeadTimeline;

/// <summary>A lead's comments, newest first.</summary>
public sealed record ListLeadCommentsQuery(Guid LeadId, string? Cursor = null, int? Limit = null)
    : IQuery<Page<LeadCommentDto>>;

internal sealed class ListLeadCommentsValidator : AbstractValidator<ListLeadCommentsQuery>
{
    public ListLeadCommentsValidator() => RuleFor(q => q.Limit).ValidLimit();
}

internal sealed class ListLeadCommentsHandler(ILeadRepository leads, ILeadTimeline timeline, ICurrentActor actor)
    : IQueryHandler<ListLeadCommentsQuery, Page<LeadCommentDto>>
{
    public Task<Result<Page<LeadCommentDto>>> Handle(
        ListLeadCommentsQuery query,
        CancellationToken cancellationToken
    ) =>
        LeadFeed.PageAsync(
            leads,
            actor,
            query.LeadId,
            TimelineSorts.Comments,
            query.Cursor,
            query.Limit,
            (after, take) => timeline.ListCommentsAsync(query.LeadId, after, take, cancellationToken),
            item => item.Id,
            cancellationToken
        );
}
