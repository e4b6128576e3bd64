namespace MakCrm.Application.Organizations;

/// <summary>One organization with its profile: a member reads its own, head office any (in the trash too).</summary>
public sealed record GetOrganizationQuery(Guid Id) : IQuery<OrganizationDto>;

internal sealed class GetOrganizationHandler(IOrganizationRepository organizations, ICurrentActor actor)
    : IQueryHandler<GetOrganizationQuery, OrganizationDto>
{
    public async Task<Result<OrganizationDto>> Handle(GetOrganizationQuery query, CancellationToken cancellationToken)
    {
        if (!actor.CanSee(query.Id))
        {
            return Error.NotFound("Organization", query.Id);
        }

        var organization = await organizations.FindIncludingTrashAsync(query.Id, cancellationToken);
        return
            organization is null
            || (organization.IsInTrash && !actor.Has(Domain.Access.Permissions.OrganizationsManage))
            ? Error.NotFound("Organization", query.Id)
            : OrganizationDto.From(organization);
    }
}
