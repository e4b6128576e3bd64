using MakCrm.Application.Common;
using MakCrm.Application.Referrals;
using MakCrm.Domain.Organizations;

namespace MakCrm.WebApi.Contracts;

public sealed record ReferralProgram(
    Guid OrganizationId,
    string? Code,
    string? Link,
    Guid? ReferrerOrganizationId,
    string? ReferrerCorrectionReason,
    int Level1Count,
    int Level2Count,
    ReferralEarnings Earned)
{
    public static ReferralProgram From(ReferralProgramDto p) =>
        new(p.OrganizationId, p.Code, p.Link, p.ReferrerOrganizationId, p.ReferrerCorrectionReason, p.Level1Count, p.Level2Count, ReferralEarnings.From(p.Earned));
}

/// <summary>What an organization earned through the referral program or one referral (schema <c>ReferralEarnings</c>).</summary>
public sealed record ReferralEarnings(decimal OnHold, decimal Available, decimal Paid)
{
    public static ReferralEarnings From(ReferralEarningsDto e) => new(e.OnHold, e.Available, e.Paid);
}

public sealed record Referral(
    Guid OrganizationId,
    int Level,
    string Name,
    OrganizationKind Kind,
    OrganizationStatus Status,
    Guid ReferrerOrganizationId,
    DateTimeOffset RegisteredAt,
    int LeadCount,
    ReferralEarnings Earned)
{
    public static Referral From(ReferralDto r) =>
        new(r.OrganizationId, r.Level, r.Name, r.Kind, r.Status, r.ReferrerOrganizationId, r.RegisteredAt, r.LeadCount, ReferralEarnings.From(r.Earned));
}

public sealed record ReferralPage(IReadOnlyList<Referral> Items, string? NextCursor)
{
    public static ReferralPage From(Page<ReferralDto> page) => new(page.Items.Select(Referral.From).ToList(), page.NextCursor);
}

/// <summary>Head office's correction of an organization's referrer (schema <c>SetReferrerRequest</c>).</summary>
public sealed record SetReferrerRequest
{
    /// <summary>The new referrer; null removes it.</summary>
    public required Guid? ReferrerOrganizationId { get; init; }

    public required string Reason { get; init; }
}
