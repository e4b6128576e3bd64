using MakCrm.Application.Abstractions.Integrations;
using MakCrm.Domain.Organizations;

namespace MakCrm.Application.Organizations;

/// <summary>
/// Head office asks ЕГРЮЛ/ЕГРИП whether a partner or franchisee is registered and active, by the ОГРН
/// of its profile, else its ИНН, through the same port (and the same provider's rate limit and
/// timeout) as a borrower's company check. The answer is kept on the organization, each earlier one in
/// its audit log; approving a registration the register found not active is refused.
/// </summary>
public sealed record CheckOrganizationRegistrationCommand(Guid Id) : ICommand<OrganizationDto>;

internal sealed class CheckOrganizationRegistrationHandler(
    IOrganizationRepository organizations,
    ICompanyRegistrationCheck register,
    Abstractions.Security.ICurrentActor actor,
    TimeProvider clock
) : ICommandHandler<CheckOrganizationRegistrationCommand, OrganizationDto>
{
    public async Task<Result<OrganizationDto>> Handle(
        CheckOrganizationRegistrationCommand command,
        CancellationToken cancellationToken
    )
    {
        var organization = await organizations.FindAsync(command.Id, cancellationToken);
        if (organization is null)
        {
            return Error.NotFound("Organization", command.Id);
        }

        if ((organization.Ogrn ?? organization.Inn) is not { } number)
        {
            return new Error(
                ErrorCodes.OrganizationRegistrationNumberMissing,
                $"Organization {organization.Id} has neither an ОГРН nor an ИНН in its profile: add one with "
                    + "updateOrganizationProfile, then check again.",
                ErrorKind.Conflict
            );
        }

        var result = await register.CheckAsync(number, cancellationToken);
        organization.RecordRegistrationCheck(result, actor.UserId, clock.UtcNowMicroseconds());
        return OrganizationDto.From(organization);
    }
}
