using System.Security.Claims;
using MakCrm.Application.Abstractions.Security;

namespace MakCrm.WebApi.Auth;

/// <summary>The authenticated caller of the current request, as the bearer handler described it.</summary>
internal sealed class CurrentActor(IHttpContextAccessor accessor) : ICurrentActor
{
    private ClaimsPrincipal User => accessor.HttpContext?.User is { Identity.IsAuthenticated: true } user
        ? user
        : throw new InvalidOperationException("No authenticated caller: the endpoint must require authorization.");

    public Guid? UserId => Guid.TryParse(User.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;

    public string? ClientId => UserId is null ? User.FindFirstValue(BearerAuthentication.ClientIdClaim) : null;

    public Guid OrganizationId => Guid.Parse(User.FindFirstValue(BearerAuthentication.OrganizationClaim)!);

    public bool Has(string permission) => User.HasClaim(BearerAuthentication.PermissionClaim, permission);
}
