using MakCrm.Domain.Access;
using MakCrm.Domain.Invitations;

namespace MakCrm.Application.Invitations;

public sealed record ListInvitationsQuery(
    Guid? OrganizationId = null,
    InvitationStatus? Status = null,
    string? Sort = null,
    string? Cursor = null,
    int? Limit = null
) : IQuery<Page<InvitationDto>>;

internal sealed class ListInvitationsValidator : AbstractValidator<ListInvitationsQuery>
{
    public ListInvitationsValidator()
    {
        RuleFor(q => q.Status).DefinedOrNull();
        RuleFor(q => q.Sort).ValidSort(InvitationSorts.Catalog);
        RuleFor(q => q.Limit).ValidLimit();
    }
}

/// <summary>
/// Newest first. Head office lists every organization's invitations (or one organization's); anybody else who manages
/// users lists its own organization's, and naming another organization is a 403.
/// </summary>
internal sealed class ListInvitationsHandler(IInvitationRepository invitations, ICurrentActor actor, TimeProvider clock)
    : IQueryHandler<ListInvitationsQuery, Page<InvitationDto>>
{
    public async Task<Result<Page<InvitationDto>>> Handle(
        ListInvitationsQuery query,
        CancellationToken cancellationToken
    )
    {
        var organizationId = query.OrganizationId;
        if (!actor.Has(Permissions.UsersManage))
        {
            if (organizationId is { } named && named != actor.OrganizationId)
            {
                return new Error(
                    ErrorCodes.Forbidden,
                    "Only head office lists the invitations of another organization.",
                    ErrorKind.Forbidden
                );
            }

            organizationId = actor.OrganizationId;
        }

        var paging = ListPaging.Prepare(InvitationSorts.Catalog, query.Sort, query.Cursor, query.Limit);
        if (!paging.IsSuccess)
        {
            return paging.Error!;
        }

        var (sort, after, limit) = paging.Value;
        var rows = await invitations.ListAsync(
            new InvitationListCriteria(organizationId, query.Status, clock.GetUtcNow(), sort, after, limit + 1),
            cancellationToken
        );
        return ListPaging.ToPage(InvitationSorts.Catalog, sort, rows, limit, i => i.Id);
    }
}
