using MakCrm.Domain.Access;
using MakCrm.Domain.Leads;

namespace MakCrm.Infrastructure.Persistence.Configurations;

/// <summary>
/// The specification's funnel, seeded by the migration so that every installation starts with it (the codes are the
/// ones leads used before statuses became configurable). The transitions, documented in the contract:
/// <code>
/// new, from_partner → in_progress, auction, rejected
/// auction           → in_progress (bought), not_sold
/// not_sold          → auction (again), in_progress, rejected
/// in_progress       → approved, rejected, returned
/// approved          → issued, rejected
/// issued            → (final)
/// rejected          → in_progress (reopened)
/// returned          → in_progress, auction, rejected
/// </code>
/// A lead may be created in any of them (an import brings leads in every status); only head office (admin, employee)
/// puts a lead into approved or issued.
/// </summary>
internal static class SeededLeadStatuses
{
    private static readonly DateTimeOffset Seeded = new(2026, 11, 21, 0, 0, 0, TimeSpan.Zero);

    private const bool Initial = true;

    // Before All: static fields are initialized in the order they are written.
    private static readonly string[] AnyRole = [];
    private static readonly string[] HeadOffice = [Roles.Admin, Roles.Employee];

    public static object[] All { get; } =
    [
        Status(
            1,
            "new",
            "Новый",
            "#90A4AE",
            LeadStatusKind.Open,
            Initial,
            AnyRole,
            "in_progress",
            "auction",
            "rejected"
        ),
        Status(
            2,
            "from_partner",
            "От партнёра",
            "#7E57C2",
            LeadStatusKind.Open,
            Initial,
            AnyRole,
            "in_progress",
            "auction",
            "rejected"
        ),
        Status(3, "auction", "Аукцион", "#FFB300", LeadStatusKind.Auction, Initial, AnyRole, "in_progress", "not_sold"),
        Status(
            4,
            "not_sold",
            "Не выкуплен",
            "#8D6E63",
            LeadStatusKind.Auction,
            Initial,
            AnyRole,
            "auction",
            "in_progress",
            "rejected"
        ),
        Status(
            5,
            "in_progress",
            "В работе",
            "#1E88E5",
            LeadStatusKind.Open,
            Initial,
            AnyRole,
            "approved",
            "rejected",
            "returned"
        ),
        Status(6, "approved", "Одобрен", "#43A047", LeadStatusKind.Open, Initial, HeadOffice, "issued", "rejected"),
        Status(7, "issued", "Выдан", "#2E7D32", LeadStatusKind.Won, Initial, HeadOffice),
        Status(8, "rejected", "Отказ", "#E53935", LeadStatusKind.Lost, Initial, AnyRole, "in_progress"),
        Status(
            9,
            "returned",
            "Возврат",
            "#F4511E",
            LeadStatusKind.Returned,
            Initial,
            AnyRole,
            "in_progress",
            "auction",
            "rejected"
        ),
    ];

    private static object Status(
        int position,
        string code,
        string name,
        string color,
        LeadStatusKind kind,
        bool initial,
        string[] allowedRoles,
        params string[] transitions
    ) =>
        new
        {
            Id = new Guid($"0192f0c1-0000-7000-8000-0000000005{position:00}"),
            Code = code,
            Name = name,
            Color = color,
            Position = position,
            Kind = kind,
            Transitions = transitions,
            Initial = initial,
            AllowedRoles = allowedRoles,
            CreatedAt = Seeded,
            UpdatedAt = Seeded,
            DeletedAt = (DateTimeOffset?)null,
            Version = 1,
        };
}
