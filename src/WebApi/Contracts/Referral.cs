using MakCrm.Application.Common;
using MakCrm.Application.Referrals;
using MakCrm.Domain.Organizations;

namespace MakCrm.WebApi.Contracts;

public sealed partial record ReferralProgram
{
    public static ReferralProgram From(ReferralProgramDto p) =>
        new(p.OrganizationId, p.Code, p.Link, p.ReferrerOrganizationId, p.ReferrerCorrectionReason, p.Level1Count, p.Level2Count, ReferralEarnings.From(p.Earned));
}

/// <summary>What an organization earned through the referral program or one referral (schema <c>ReferralEarnings</c>).</summary>
public sealed partial record ReferralEarnings
{
    public static ReferralEarnings From(ReferralEarningsDto e) => new(e.OnHold, e.Available, e.Paid);
}

public sealed partial record Referral
{
    public static Referral From(ReferralDto r) =>
        new(r.OrganizationId, r.Level, r.Name, r.Kind, r.Status, r.ReferrerOrganizationId, r.RegisteredAt, r.LeadCount, ReferralEarnings.From(r.Earned));
}

public sealed partial record ReferralPage
{
    public static ReferralPage From(Page<ReferralDto> page) => new(page.Items.Select(Referral.From).ToList(), page.NextCursor);
}

