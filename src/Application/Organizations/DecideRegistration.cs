using FluentValidation;
using MakCrm.Application.Abstractions.Messaging;
using MakCrm.Application.Abstractions.Persistence;
using MakCrm.Application.Common;
using MakCrm.Domain.Common;

namespace MakCrm.Application.Organizations;

public sealed record ApproveOrganizationCommand(Guid Id) : ICommand<OrganizationDto>;

public sealed record RejectOrganizationCommand(Guid Id, string Reason) : ICommand<OrganizationDto>;

internal sealed class RejectOrganizationValidator : AbstractValidator<RejectOrganizationCommand>
{
    public RejectOrganizationValidator() => RuleFor(c => c.Reason).RequiredText(1000);
}

internal sealed class ApproveOrganizationHandler(IOrganizationRepository organizations, TimeProvider clock) : ICommandHandler<ApproveOrganizationCommand, OrganizationDto>
{
    public async Task<Result<OrganizationDto>> Handle(ApproveOrganizationCommand command, CancellationToken cancellationToken)
    {
        var organization = await organizations.FindAsync(command.Id, cancellationToken);
        if (organization is null)
        {
            return Error.NotFound("Organization", command.Id);
        }

        var approved = organization.Approve(clock.UtcNowMicroseconds());
        return approved.IsSuccess ? OrganizationDto.From(organization) : approved.Error!;
    }
}

internal sealed class RejectOrganizationHandler(IOrganizationRepository organizations, TimeProvider clock) : ICommandHandler<RejectOrganizationCommand, OrganizationDto>
{
    public async Task<Result<OrganizationDto>> Handle(RejectOrganizationCommand command, CancellationToken cancellationToken)
    {
        var organization = await organizations.FindAsync(command.Id, cancellationToken);
        if (organization is null)
        {
            return Error.NotFound("Organization", command.Id);
        }

        var rejected = organization.Reject(command.Reason, clock.UtcNowMicroseconds());
        return rejected.IsSuccess ? OrganizationDto.From(organization) : rejected.Error!;
    }
}
