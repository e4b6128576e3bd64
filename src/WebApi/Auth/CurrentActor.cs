using System.Security.Claims;
using MakCrm.Application.Abstractions.Security;

namespace MakCrm.WebApi.Auth;

/// <summary>
/// The authenticated caller of the current request, as the bearer handler described it — or, in a scope that works on
/// somebody's behalf (<see cref="ActorOverride"/>, an import run by the worker), that actor, without permissions.
/// </summary>
internal sealed class CurrentActor(IHttpContextAccessor accessor, ActorOverride actorOverride) : ICurrentActor
{
    private ClaimsPrincipal User =>
        accessor.HttpContext?.User is { Identity.IsAuthenticated: true } user
            ? user
            : throw new InvalidOperationException("No authenticated caller: the endpoint must require authorization.");

    public Guid? UserId =>
        actorOverride.Actor is { } actor ? actor.UserId
        : Guid.TryParse(User.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id
        : null;

    public string? ClientId =>
        actorOverride.Actor is { } actor ? actor.ClientId
        : UserId is null ? User.FindFirstValue(BearerAuthentication.ClientIdClaim)
        : null;

    public Guid OrganizationId =>
        actorOverride.Actor?.OrganizationId ?? Guid.Parse(User.FindFirstValue(BearerAuthentication.OrganizationClaim)!);

    public IReadOnlyList<string> Roles =>
        actorOverride.Actor is { } actor ? actor.Roles : [.. User.FindAll(ClaimTypes.Role).Select(c => c.Value)];

    public Guid? SignInId =>
        actorOverride.Actor is null && Guid.TryParse(User.FindFirstValue(BearerAuthentication.SignInClaim), out var id)
            ? id
            : null;

    public IReadOnlyList<Guid>? VisibleResponsibles =>
        actorOverride.Actor is null && User.Identity is CallerIdentity caller ? caller.VisibleResponsibles : null;

    public bool Has(string permission) => actorOverride.Actor is null && CallerIdentity.Has(User, permission);
}
