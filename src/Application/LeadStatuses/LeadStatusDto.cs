using MakCrm.Domain.Leads;

namespace MakCrm.Application.LeadStatuses;

public sealed record LeadStatusDto(
    Guid Id,
    string Code,
    string Name,
    string Color,
    int Order,
    LeadStatusKind Kind,
    IReadOnlyList<string> Transitions,
    bool Initial,
    IReadOnlyList<string> AllowedRoles,
    int Version
) : Contracts.IVersioned
{
    public static LeadStatusDto From(LeadStatus status) =>
        new(
            status.Id,
            status.Code,
            status.Name,
            status.Color,
            status.Position,
            status.Kind,
            status.Transitions,
            status.Initial,
            status.AllowedRoles,
            status.Version
        );
}
