using MakCrm.Application.Abstractions.Events;
using MakCrm.Application.Abstractions.Mail;
using MakCrm.Application.Notifications;
using MakCrm.Contracts.Events;
using MakCrm.Domain.Events;
using MakCrm.Domain.Notifications;
using MakCrm.Domain.Organizations;

namespace MakCrm.Application.Organizations;

public sealed record ApproveOrganizationCommand(Guid Id) : ICommand<OrganizationDto>;

public sealed record RejectOrganizationCommand(Guid Id, string Reason) : ICommand<OrganizationDto>;

internal sealed class RejectOrganizationValidator : AbstractValidator<RejectOrganizationCommand>
{
    public RejectOrganizationValidator() => RuleFor(c => c.Reason).RequiredText(1000);
}

internal sealed class ApproveOrganizationHandler(
    IOrganizationRepository organizations,
    IPasswords passwords,
    IMailOutbox outbox,
    RegistrationDecisionNotice notice,
    IEventOutbox events,
    TimeProvider clock
) : ICommandHandler<ApproveOrganizationCommand, OrganizationDto>
{
    public async Task<Result<OrganizationDto>> Handle(
        ApproveOrganizationCommand command,
        CancellationToken cancellationToken
    )
    {
        var organization = await organizations.FindAsync(command.Id, cancellationToken);
        if (organization is null)
        {
            return Error.NotFound("Organization", command.Id);
        }

        var approved = organization.Approve(clock.UtcNowMicroseconds());
        if (!approved.IsSuccess)
        {
            return approved.Error!;
        }

        await RegistrantMail.AddAsync(
            outbox,
            passwords,
            organization,
            "registration_approved",
            new Dictionary<string, object?>(),
            cancellationToken
        );
        await notice.SendAsync(
            organization,
            "Регистрация одобрена",
            $"Головной офис одобрил регистрацию организации «{organization.Name}».",
            cancellationToken
        );
        var dto = OrganizationDto.From(organization);
        events.Raise(EventPayloads.OrganizationApproved, organization.Id, organization.Id, dto);
        return dto;
    }
}

internal sealed class RejectOrganizationHandler(
    IOrganizationRepository organizations,
    IPasswords passwords,
    IMailOutbox outbox,
    RegistrationDecisionNotice notice,
    IEventOutbox events,
    TimeProvider clock
) : ICommandHandler<RejectOrganizationCommand, OrganizationDto>
{
    public async Task<Result<OrganizationDto>> Handle(
        RejectOrganizationCommand command,
        CancellationToken cancellationToken
    )
    {
        var organization = await organizations.FindAsync(command.Id, cancellationToken);
        if (organization is null)
        {
            return Error.NotFound("Organization", command.Id);
        }

        var rejected = organization.Reject(command.Reason, clock.UtcNowMicroseconds());
        if (!rejected.IsSuccess)
        {
            return rejected.Error!;
        }

        await RegistrantMail.AddAsync(
            outbox,
            passwords,
            organization,
            "registration_rejected",
            new Dictionary<string, object?> { ["reason"] = organization.RejectionReason },
            cancellationToken
        );
        await notice.SendAsync(
            organization,
            "Регистрация отклонена",
            $"Головной офис отклонил регистрацию организации «{organization.Name}»: {organization.RejectionReason}",
            cancellationToken
        );
        var dto = OrganizationDto.From(organization);
        events.Raise(EventPayloads.OrganizationRejected, organization.Id, organization.Id, dto);
        return dto;
    }
}

/// <summary>Tells the registrant of a decision: at the organization's contact e-mail, else its owner's.</summary>
internal static class RegistrantMail
{
    public static async Task AddAsync(
        IMailOutbox outbox,
        IPasswords passwords,
        Organization organization,
        string template,
        Dictionary<string, object?> values,
        CancellationToken cancellationToken
    )
    {
        var to =
            organization.ContactEmail
            ?? (
                organization.OwnerUserId is { } owner
                    ? (await passwords.FindAsync(owner, cancellationToken))?.Email
                    : null
            );
        if (to is null)
        {
            return;
        }

        values["organizationName"] = organization.Name;
        outbox.Add(new MailDraft(to, template, values));
    }
}

/// <summary>
/// Tells the registering organization's users (its owner, at the time of the decision) how head office decided. The
/// decision's letter (<see cref="RegistrantMail"/>) is its e-mail, so the notification itself is not mailed again.
/// </summary>
internal sealed class RegistrationDecisionNotice(OrganizationNotice notice)
{
    public Task SendAsync(Organization organization, string title, string body, CancellationToken cancellationToken) =>
        notice.SendAsync(
            organization.Id,
            NotificationKind.RegistrationDecided,
            title,
            body,
            null,
            cancellationToken,
            mailedSeparately: true
        );
}
