using MakCrm.Domain.Organizations;

namespace MakCrm.Application.Organizations;

/// <summary>Head office blocks an organization: the sign-ins of its users end on their next request, on every
/// instance.</summary>
public sealed record BlockOrganizationCommand(Guid Id) : ICommand<OrganizationDto>, IChangesStanding;

/// <summary>Head office lets a blocked organization work again.</summary>
public sealed record UnblockOrganizationCommand(Guid Id) : ICommand<OrganizationDto>;

/// <summary>Head office moves an organization to the trash (soft delete); head office itself cannot be
/// deleted.</summary>
public sealed record MoveOrganizationToTrashCommand(Guid Id) : ICommand<OrganizationDto>, IChangesStanding;

/// <summary>Head office takes an organization back out of the trash.</summary>
public sealed record RestoreOrganizationCommand(Guid Id) : ICommand<OrganizationDto>;

internal sealed class OrganizationStandingHandlers(IOrganizationRepository organizations, TimeProvider clock)
    : ICommandHandler<BlockOrganizationCommand, OrganizationDto>,
        ICommandHandler<UnblockOrganizationCommand, OrganizationDto>,
        ICommandHandler<MoveOrganizationToTrashCommand, OrganizationDto>,
        ICommandHandler<RestoreOrganizationCommand, OrganizationDto>
{
    public Task<Result<OrganizationDto>> Handle(
        BlockOrganizationCommand command,
        CancellationToken cancellationToken
    ) => Change(command.Id, (o, now) => o.Block(now), cancellationToken);

    public Task<Result<OrganizationDto>> Handle(
        UnblockOrganizationCommand command,
        CancellationToken cancellationToken
    ) => Change(command.Id, (o, now) => o.Unblock(now), cancellationToken);

    // Moving to the trash and restoring are idempotent: repeating one that has happened answers as the first did.
    public Task<Result<OrganizationDto>> Handle(
        MoveOrganizationToTrashCommand command,
        CancellationToken cancellationToken
    ) => Change(command.Id, (o, now) => o.MoveToTrash(now), cancellationToken, includeTrash: true);

    public Task<Result<OrganizationDto>> Handle(
        RestoreOrganizationCommand command,
        CancellationToken cancellationToken
    ) =>
        Change(
            command.Id,
            (o, now) =>
            {
                o.Restore(now);
                return Unit.Value;
            },
            cancellationToken,
            includeTrash: true
        );

    /// <summary>Applies a change to an organization: a live one, or (<paramref name="includeTrash"/>) one in the trash
    /// too; 404 for any other.</summary>
    private async Task<Result<OrganizationDto>> Change(
        Guid id,
        Func<Organization, DateTimeOffset, Result<Unit>> change,
        CancellationToken cancellationToken,
        bool includeTrash = false
    )
    {
        var organization = await organizations.FindIncludingTrashAsync(id, cancellationToken);
        if (organization is null || (organization.IsInTrash && !includeTrash))
        {
            return Error.NotFound("Organization", id);
        }

        var changed = change(organization, clock.UtcNowMicroseconds());
        return changed.IsSuccess ? OrganizationDto.From(organization) : changed.Error!;
    }
}
