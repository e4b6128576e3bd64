using FluentValidation;
using MakCrm.Application.Abstractions.Messaging;
using MakCrm.Application.Abstractions.Persistence;
using MakCrm.Application.Abstractions.Security;
using MakCrm.Application.Common;
using MakCrm.Domain.Access;
using MakCrm.Domain.Common;

namespace MakCrm.Application.LeadTimeline;

/// <summary>A lead's comments, newest first.</summary>
public sealed record ListLeadCommentsQuery(Guid LeadId, string? Cursor = null, int? Limit = null) : IQuery<Page<LeadCommentDto>>;

internal sealed class ListLeadCommentsValidator : AbstractValidator<ListLeadCommentsQuery>
{
    public ListLeadCommentsValidator() => RuleFor(q => q.Limit).ValidLimit();
}

internal sealed class ListLeadCommentsHandler(ILeadRepository leads, ILeadTimeline timeline, ICurrentActor actor)
    : IQueryHandler<ListLeadCommentsQuery, Page<LeadCommentDto>>
{
    public async Task<Result<Page<LeadCommentDto>>> Handle(ListLeadCommentsQuery query, CancellationToken cancellationToken)
    {
        var catalog = TimelineSorts.Comments;
        var paging = ListPaging.Prepare(catalog, null, query.Cursor, query.Limit);
        if (!paging.IsSuccess)
        {
            return paging.Error!;
        }

        if (!await leads.ExistsAsync(query.LeadId, DataScope.For(actor, Permissions.LeadsReadAll), cancellationToken))
        {
            return Error.NotFound("Lead", query.LeadId);
        }

        var (sort, after, limit) = paging.Value;
        var rows = await timeline.ListCommentsAsync(query.LeadId, after, limit + 1, cancellationToken);
        return ListPaging.ToPage(catalog, sort, rows, limit, c => c.Id);
    }
}
