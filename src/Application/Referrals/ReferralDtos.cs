using MakCrm.Domain.Organizations;

namespace MakCrm.Application.Referrals;

/// <summary>Where the cabinet's referral links point: <c>{CabinetUrl}/r/{code}</c>.</summary>
public sealed class ReferralOptions
{
    public const string Section = "Mak:Referrals";

    /// <summary>The cabinet's address; when not set, the one mail links use (<c>Mak:Mail:CabinetUrl</c>).</summary>
    public string? CabinetUrl { get; set; }

    public string LinkFor(string code) =>
        $"{(CabinetUrl ?? "http://localhost:5173").TrimEnd('/')}/r/{Uri.EscapeDataString(code)}";
}

/// <summary>An organization recruited directly (level 1) or by a recruit (level 2), with how many leads it
/// has.</summary>
public sealed record ReferralDto(
    Guid OrganizationId,
    int Level,
    string Name,
    OrganizationKind Kind,
    OrganizationStatus Status,
    Guid ReferrerOrganizationId,
    DateTimeOffset RegisteredAt,
    int LeadCount
)
{
    /// <summary>What the organization asked about earned through this referral (nothing for a level-2 referral: level 2
    /// is paid on direct recruits only).</summary>
    public Contracts.ReferralEarnings Earned { get; init; } = Contracts.ReferralEarnings.None;
}

public enum ReferralSortField
{
    RegisteredAt,
}

public static class ReferralSorts
{
    public static SortCatalog<ReferralSortField, ReferralDto> Catalog { get; } =
        new(
            "referrals",
            "-registeredAt",
            ("registeredAt", ReferralSortField.RegisteredAt, typeof(DateTimeOffset), r => r.RegisteredAt)
        );
}

/// <summary>
/// What an organization earned through the referral program (or through one referral): its level-2 commission entries,
/// summed by where the money stands — on hold, available (released, in no paid act; reversals may make it negative),
/// and paid (in a paid settlement act). Read from the ledger, never copied.
/// </summary>
public static class ReferralEarningsSums
{
    private static readonly Contracts.ReferralEarnings Nothing = new(0m, 0m, 0m);

    extension(Contracts.ReferralEarnings)
    {
        public static Contracts.ReferralEarnings None => Nothing;

        public static Contracts.ReferralEarnings Sum(IEnumerable<Contracts.ReferralEarnings> parts) =>
            parts.Aggregate(
                Nothing,
                (total, part) =>
                    new(total.OnHold + part.OnHold, total.Available + part.Available, total.Paid + part.Paid)
            );
    }
}
