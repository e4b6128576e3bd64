using MakCrm.Domain.Access;

namespace MakCrm.Application.Users;

public sealed record GetMeQuery : IQuery<Contracts.Me>;

/// <summary>
/// Who the caller is: its account, its organization and the permissions the server grants this request (read from the
/// request's own permission set, so a cabinet's menus show exactly what the server will allow).
/// </summary>
internal sealed class GetMeHandler(
    IUserAdministration users,
    IOrganizationRepository organizations,
    ICurrentActor actor
) : IQueryHandler<GetMeQuery, Contracts.Me>
{
    public async Task<Result<Contracts.Me>> Handle(GetMeQuery query, CancellationToken cancellationToken)
    {
        var userId = actor.UserId!.Value;
        var user = await users.FindAsync(userId, DataScope.All, cancellationToken);
        var organization = await organizations.FindAsync(actor.OrganizationId, cancellationToken);
        if (user is null || organization is null)
        {
            return Error.NotFound("User", userId);
        }

        var lastTwoFactor = await users.LastTwoFactorSignInAsync(userId, cancellationToken);
        return new Contracts.Me(
            user,
            lastTwoFactor,
            new Contracts.MyOrganization(
                organization.Id,
                organization.Name,
                organization.Kind,
                organization.Status,
                organization.Grade,
                organization.OwnerUserId == userId
            ),
            [.. Permissions.All.Where(actor.Has).Order(StringComparer.Ordinal)]
        );
    }
}
