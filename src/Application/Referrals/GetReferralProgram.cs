using MakCrm.Application.Organizations;
using MakCrm.Domain.Organizations;

namespace MakCrm.Application.Referrals;

/// <summary>An organization's referral code and link, its referrer and how many it recruited: a member reads its own,
/// head office any.</summary>
public sealed record GetReferralProgramQuery(Guid OrganizationId) : IQuery<Contracts.ReferralProgram>;

internal sealed class GetReferralProgramHandler(
    IOrganizationRepository organizations,
    IReferrals referrals,
    ReferralOptions options,
    ICurrentActor actor
) : IQueryHandler<GetReferralProgramQuery, Contracts.ReferralProgram>
{
    public async Task<Result<Contracts.ReferralProgram>> Handle(
        GetReferralProgramQuery query,
        CancellationToken cancellationToken
    )
    {
        var organization = actor.CanSee(query.OrganizationId)
            ? await organizations.FindAsync(query.OrganizationId, cancellationToken)
            : null;
        if (organization is null)
        {
            return Error.NotFound("Organization", query.OrganizationId);
        }

        return await ReferralProgram.Describe(organization, referrals, options, cancellationToken);
    }
}

internal static class ReferralProgram
{
    public static async Task<Contracts.ReferralProgram> Describe(
        Organization organization,
        IReferrals referrals,
        ReferralOptions options,
        CancellationToken cancellationToken
    )
    {
        var (level1, level2) = await referrals.CountAsync(organization.Id, cancellationToken);
        var earned = await referrals.EarnedAsync(organization.Id, null, cancellationToken);
        return new Contracts.ReferralProgram(
            organization.Id,
            organization.ReferralCode,
            organization.ReferralCode is { } code ? options.LinkFor(code) : null,
            organization.ReferrerOrganizationId,
            organization.ReferrerCorrectionReason,
            level1,
            level2,
            Contracts.ReferralEarnings.Sum(earned.Values)
        );
    }
}
