using MakCrm.Application.Abstractions.Events;
using MakCrm.Application.Abstractions.Mail;
using MakCrm.Contracts.Events;
using MakCrm.Domain.Access;
using MakCrm.Domain.Clients;
using MakCrm.Domain.Events;
using MakCrm.Domain.Organizations;

namespace MakCrm.Application.Organizations;

/// <summary>A partner or franchisee registers itself and its first user; both wait for head office's
/// approval.</summary>
public sealed record RegisterOrganizationCommand(
    OrganizationKind Kind,
    string CompanyName,
    LegalForm LegalForm,
    string Inn,
    string? City,
    string? Niche,
    string ContactPhone,
    string ContactEmail,
    string FullName,
    string Password,
    string? ReferralCode = null
) : ICommand<OrganizationDto>;

internal sealed class RegisterOrganizationValidator : AbstractValidator<RegisterOrganizationCommand>
{
    public RegisterOrganizationValidator()
    {
        RuleFor(c => c.Kind)
            .Must(k => k is OrganizationKind.Partner or OrganizationKind.Franchisee)
            .WithMessage("Must be partner or franchisee.");
        RuleFor(c => c.CompanyName).RequiredText(200);
        RuleFor(c => c.LegalForm).Defined();
        RuleFor(c => c.Inn)
            .Must((c, inn) => Inn.IsValid(inn, c.LegalForm))
            .WithMessage(
                "Must be a valid ИНН: 10 digits for an ООО, 12 for an ИП or a self-employed person, with correct "
                    + "check digits."
            );
        RuleFor(c => c.City).OptionalText(100);
        RuleFor(c => c.Niche).OptionalText(200);
        RuleFor(c => (string?)c.ContactPhone).ValidPhone().OverridePropertyName("contactPhone");
        RuleFor(c => (string?)c.ContactEmail)
            .Must(e => EmailAddress.TryParse(e, out _))
            .WithMessage("Must be an e-mail address; it is also the sign-in name.")
            .OverridePropertyName("contactEmail");
        RuleFor(c => c.FullName).RequiredText(200);
        RuleFor(c => c.Password).NotEmpty().WithMessage("Is required.");
        RuleFor(c => c.ReferralCode)
            .Must(c =>
                c is null
                || (
                    c.Trim().Length is > 0 and <= Domain.Organizations.ReferralCode.MaxInputLength
                    && c.Trim().All(char.IsAsciiLetterOrDigit)
                )
            )
            .WithMessage("Must be a referral code: Latin letters and digits, as in the referral link.");
    }
}

/// <summary>
/// Registers the organization and its first user, its owner. The answer does not tell an anonymous caller whether the
/// e-mail has an account: for a taken e-mail nothing is stored, the caller gets the same answer as a registration
/// (the organization it would have been, with an id that names nothing, after the same password check and the same
/// hashing time), and the account's owner gets a mail saying somebody tried to register with the address.
/// </summary>
internal sealed class RegisterOrganizationHandler(
    IOrganizationRepository organizations,
    IAccountRegistry accounts,
    IPasswords passwords,
    IMailOutbox outbox,
    IUserAdministration users,
    IEventOutbox events,
    IReferrals referrals,
    TimeProvider clock
) : ICommandHandler<RegisterOrganizationCommand, OrganizationDto>
{
    public async Task<Result<OrganizationDto>> Handle(
        RegisterOrganizationCommand command,
        CancellationToken cancellationToken
    )
    {
        var email = EmailAddress.Parse(command.ContactEmail).Value;
        var organization = Organization.Register(
            clock.NewId(),
            new OrganizationRegistration(
                command.Kind,
                command.CompanyName,
                command.LegalForm,
                command.Inn,
                command.City,
                command.Niche,
                PhoneNumber.Parse(command.ContactPhone).Value,
                email
            ),
            clock.UtcNowMicroseconds()
        );

        // A referral code is checked before anything else, so that its answer says nothing about the e-mail: an unknown
        // code or one of the registrant itself (same ИНН or phone) is refused, and the registrant learns why.
        if (command.ReferralCode is { } code)
        {
            var referrer = await referrals.FindActiveByCodeAsync(
                Domain.Organizations.ReferralCode.Normalize(code),
                cancellationToken
            );
            if (referrer is null)
            {
                return new Error(
                    ErrorCodes.ReferralCodeUnknown,
                    "The referral code names no active partner or franchisee; check the link or register without it.",
                    ErrorKind.Unprocessable
                );
            }

            var recorded = organization.RecordReferrer(referrer, organization.CreatedAt);
            if (!recorded.IsSuccess)
            {
                return recorded.Error!;
            }
        }

        if (await accounts.EmailTakenAsync(email, cancellationToken))
        {
            var policy = await passwords.CheckPolicyAsync(email, command.Password, "password", cancellationToken);
            if (!policy.IsSuccess)
            {
                return policy.Error!;
            }

            passwords.SpendHashingTime(command.Password);
            outbox.Add(
                new MailDraft(
                    email,
                    "registration_attempt",
                    new Dictionary<string, object?> { ["organizationName"] = organization.Name }
                )
            );

            // The organization it would have been, owner and all (an id that names nobody): nothing in the answer
            // differs.
            organization.ClaimOwnership(clock.NewId(), organization.CreatedAt);
            return OrganizationDto.From(organization);
        }

        organizations.Add(organization);
        var user = await accounts.CreateAsync(
            email,
            command.Password,
            TextNormalizer.Collapse(command.FullName),
            organization.Id,
            Roles.OfOrganization(command.Kind),
            cancellationToken
        );
        if (!user.IsSuccess)
        {
            return user.Error!;
        }

        organization.ClaimOwnership(user.Value, organization.CreatedAt);

        // Only a registration that takes place raises events: the answer to a taken e-mail above pretends and raises
        // none.
        var dto = OrganizationDto.From(organization);
        events.Raise(EventPayloads.OrganizationRegistered, organization.Id, organization.Id, dto);
        if (await users.FindAsync(user.Value, DataScope.All, cancellationToken) is { } owner)
        {
            // Its ownership is claimed in this unit of work and not saved yet.
            events.Raise(
                EventPayloads.UserCreated,
                organization.Id,
                owner.Id,
                owner with
                {
                    IsOrganizationOwner = true,
                }
            );
        }

        return dto;
    }
}
