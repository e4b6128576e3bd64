using MakCrm.Domain.Organizations;

namespace MakCrm.Application.Organizations;

/// <summary>
/// Head office deletes an organization for good, from the trash only, and only when no business records of it are
/// left (clients, leads, deals, ledger entries and what refers to them): those are history that must not vanish. Its
/// users, API clients and the rest that only make sense with it go in the same transaction, and the deletion is
/// audited.
/// </summary>
public sealed record PurgeOrganizationCommand(Guid Id) : ICommand<Unit>, IChangesStanding;

internal sealed class PurgeOrganizationHandler(IOrganizationRepository organizations, IOrganizationPurge purge)
    : ICommandHandler<PurgeOrganizationCommand, Unit>
{
    public async Task<Result<Unit>> Handle(PurgeOrganizationCommand command, CancellationToken cancellationToken)
    {
        var organization = await organizations.FindIncludingTrashAsync(command.Id, cancellationToken);
        if (organization is null)
        {
            return Error.NotFound("Organization", command.Id);
        }

        var inTrash = new OnlyTrashedOrganizationsArePurged(organization.IsInTrash);
        if (inTrash.IsBroken())
        {
            return inTrash.Error;
        }

        var left = await purge.CountRecordsAsync(organization.Id, cancellationToken);
        if (left.Count > 0)
        {
            return new Error(
                ErrorCodes.OrganizationNotEmpty,
                $"The organization still has {string.Join(", ", left.Select(l => $"{l.Value} {l.Key}"))}; delete or "
                    + $"move them first.",
                ErrorKind.Conflict,
                Extensions: new Dictionary<string, object?> { ["remaining"] = left }
            );
        }

        return await purge.PurgeAsync(organization, cancellationToken);
    }
}
