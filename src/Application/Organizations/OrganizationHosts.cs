using MakCrm.Domain.Organizations;

namespace MakCrm.Application.Organizations;

/// <summary>
/// The owner or head office claims a host name for the organization. Claiming a host it holds already succeeds again
/// (<see cref="ClaimedHost.Created"/> false); a host another organization holds is a conflict, decided by the
/// database's
/// unique index so that two concurrent claims cannot both win.
/// </summary>
public sealed record ClaimOrganizationHostCommand(Guid OrganizationId, string Host) : ICommand<ClaimedHost>;

public sealed record ClaimedHost(Contracts.OrganizationHost Host, bool Created);

/// <summary>The owner or head office gives a host name up; giving up one the organization does not hold is a
/// 404.</summary>
public sealed record ReleaseOrganizationHostCommand(Guid OrganizationId, string Host) : ICommand<Unit>;

/// <summary>The host names an organization holds, for whoever sees the organization.</summary>
public sealed record ListOrganizationHostsQuery(Guid OrganizationId)
    : IQuery<IReadOnlyList<Contracts.OrganizationHost>>;

/// <summary>The branding of the active organization that holds the host, for anyone (a cabinet's sign-in
/// page).</summary>
public sealed record GetBrandingQuery(string Host) : IQuery<Contracts.Branding>;

internal sealed class ClaimOrganizationHostValidator : AbstractValidator<ClaimOrganizationHostCommand>
{
    public ClaimOrganizationHostValidator() =>
        RuleFor(c => c.Host)
            .Must(h => HostName.TryNormalize(h, out _))
            .WithMessage(HostRules.Message)
            .OverridePropertyName("host");
}

internal sealed class GetBrandingValidator : AbstractValidator<GetBrandingQuery>
{
    public GetBrandingValidator() =>
        RuleFor(c => c.Host)
            .Must(h => HostName.TryNormalize(h, out _))
            .WithMessage(HostRules.Message)
            .OverridePropertyName("host");
}

internal static class HostRules
{
    public const string Message =
        "Must be a host name such as alpha.cabinet.example (letters, digits and hyphens, at least two labels; no "
        + "scheme, port or path).";
}

/// <summary>
/// Claims, releases and lists an organization's hosts. A host brands the sign-in page of a cabinet, so claiming and
/// releasing one are security events of the audit log.
/// </summary>
internal sealed class OrganizationHostHandlers(
    IOrganizationRepository organizations,
    ICurrentActor actor,
    ISecurityAudit audit,
    TimeProvider clock
)
    : ICommandHandler<ClaimOrganizationHostCommand, ClaimedHost>,
        ICommandHandler<ReleaseOrganizationHostCommand, Unit>,
        IQueryHandler<ListOrganizationHostsQuery, IReadOnlyList<Contracts.OrganizationHost>>
{
    public async Task<Result<ClaimedHost>> Handle(
        ClaimOrganizationHostCommand command,
        CancellationToken cancellationToken
    )
    {
        var allowed = actor.MayEdit(
            await organizations.FindAsync(command.OrganizationId, cancellationToken),
            command.OrganizationId
        );
        if (!allowed.IsSuccess)
        {
            return allowed.Error!;
        }

        HostName.TryNormalize(command.Host, out var host);
        var claim = await organizations.ClaimHostAsync(
            command.OrganizationId,
            host,
            clock.GetUtcNow(),
            cancellationToken
        );
        if (claim.HolderId != command.OrganizationId)
        {
            return new Error(
                ErrorCodes.HostTaken,
                $"The host {host} is claimed by another organization already.",
                ErrorKind.Conflict
            );
        }

        if (claim.Created)
        {
            await audit.RecordAsync(
                "organization.host_claimed",
                new { organizationId = command.OrganizationId, host },
                cancellationToken
            );
        }

        return new ClaimedHost(new Contracts.OrganizationHost(host, claim.HolderId, claim.ClaimedAt), claim.Created);
    }

    public async Task<Result<Unit>> Handle(ReleaseOrganizationHostCommand command, CancellationToken cancellationToken)
    {
        var allowed = actor.MayEdit(
            await organizations.FindAsync(command.OrganizationId, cancellationToken),
            command.OrganizationId
        );
        if (!allowed.IsSuccess)
        {
            return allowed.Error!;
        }

        if (
            !HostName.TryNormalize(command.Host, out var host)
            || !await organizations.ReleaseHostAsync(command.OrganizationId, host, cancellationToken)
        )
        {
            return new Error(
                ErrorCodes.NotFound,
                $"The organization holds no host {command.Host}.",
                ErrorKind.NotFound
            );
        }

        await audit.RecordAsync(
            "organization.host_released",
            new { organizationId = command.OrganizationId, host },
            cancellationToken
        );
        return Unit.Value;
    }

    public async Task<Result<IReadOnlyList<Contracts.OrganizationHost>>> Handle(
        ListOrganizationHostsQuery query,
        CancellationToken cancellationToken
    )
    {
        if (
            !actor.CanSee(query.OrganizationId)
            || await organizations.FindAsync(query.OrganizationId, cancellationToken) is null
        )
        {
            return Error.NotFound("Organization", query.OrganizationId);
        }

        return Result<IReadOnlyList<Contracts.OrganizationHost>>.Success(
            await organizations.ListHostsAsync(query.OrganizationId, cancellationToken)
        );
    }
}

internal sealed class GetBrandingHandler(IOrganizationRepository organizations)
    : IQueryHandler<GetBrandingQuery, Contracts.Branding>
{
    public async Task<Result<Contracts.Branding>> Handle(GetBrandingQuery query, CancellationToken cancellationToken)
    {
        HostName.TryNormalize(query.Host, out var host);
        return await organizations.FindBrandingAsync(host, cancellationToken) is { } branding
            ? branding
            : new Error(ErrorCodes.NotFound, $"No active organization holds the host {host}.", ErrorKind.NotFound);
    }
}
