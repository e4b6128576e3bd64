using MakCrm.Domain.Organizations;

namespace MakCrm.Application.Referrals;

/// <summary>
/// Head office sets an organization's referrer (or, with null, removes it), with a reason. The registration's rules
/// hold (no self-referral by id, ИНН or phone) and the chain never loops. The change and its reason are audited with
/// the organization's before and after. <c>If-Match</c> is the organization's ETag: the referrer is part of it.
/// </summary>
public sealed record CorrectReferrerCommand(
    Guid OrganizationId,
    VersionCheck IfMatch,
    Guid? ReferrerOrganizationId,
    string Reason
) : ICommand<Contracts.ReferralProgram>;

internal sealed class CorrectReferrerValidator : AbstractValidator<CorrectReferrerCommand>
{
    public CorrectReferrerValidator() => RuleFor(c => c.Reason).RequiredText(Organization.MaxReferrerReasonLength);
}

internal sealed class CorrectReferrerHandler(
    IOrganizationRepository organizations,
    IReferrals referrals,
    ReferralOptions options,
    TimeProvider clock
) : ICommandHandler<CorrectReferrerCommand, Contracts.ReferralProgram>
{
    public async Task<Result<Contracts.ReferralProgram>> Handle(
        CorrectReferrerCommand command,
        CancellationToken cancellationToken
    )
    {
        var organization = await organizations.FindAsync(command.OrganizationId, cancellationToken);
        if (organization is null)
        {
            return Error.NotFound("Organization", command.OrganizationId);
        }

        var precondition = command.IfMatch.IfPresent(organization.Version);
        if (!precondition.IsSuccess)
        {
            return precondition.Error!;
        }

        ReferrerCandidate? referrer = null;
        IReadOnlyList<Guid> chain = [];
        if (command.ReferrerOrganizationId is { } referrerId)
        {
            referrer = await referrals.FindAsync(referrerId, cancellationToken);
            if (referrer is null)
            {
                return Error.Validation("referrerOrganizationId", "Must name an organization that exists.");
            }

            chain = await referrals.ChainFromAsync(referrerId, cancellationToken);
        }

        var corrected = organization.CorrectReferrer(referrer, chain, command.Reason, clock.UtcNowMicroseconds());
        if (!corrected.IsSuccess)
        {
            return corrected.Error!;
        }

        return await ReferralProgram.Describe(organization, referrals, options, cancellationToken);
    }
}
