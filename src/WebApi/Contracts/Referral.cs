using MakCrm.Application.Common;
using MakCrm.Application.Referrals;
using MakCrm.Domain.Organizations;

namespace MakCrm.WebApi.Contracts;

public sealed partial record ReferralPage
{
    public static ReferralPage From(Page<ReferralDto> page) => new(page.Items.Select(Referral.From).ToList(), page.NextCursor);
}

public sealed partial record Referral
{
    public static Referral From(ReferralDto r) =>
        new(r.OrganizationId, r.Level, r.Name, r.Kind, r.Status, r.ReferrerOrganizationId, r.RegisteredAt, r.LeadCount, r.Earned);
}
