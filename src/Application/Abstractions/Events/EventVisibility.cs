using MakCrm.Domain.Events;

namespace MakCrm.Application.Abstractions.Events;

/// <summary>
/// Which events a reader may see: every organization's events of <see cref="AllTypes"/>, and its own organization's of
/// <see cref="OwnTypes"/> — from the permissions that read each type's resource (<see cref="EventType"/>). The feed,
/// the webhooks and the stream all filter by it.
/// </summary>
public sealed record EventVisibility(
    Guid OrganizationId,
    IReadOnlyList<string> AllTypes,
    IReadOnlyList<string> OwnTypes
)
{
    /// <summary>What a holder of the permissions <paramref name="has"/> says yes to sees, in
    /// <paramref name="organizationId"/>.</summary>
    public static EventVisibility For(Guid organizationId, Func<string, bool> has, IEnumerable<EventType>? types = null)
    {
        var wanted = (types ?? EventTypes.All).ToList();
        var all = wanted.Where(t => has(t.ReadAllPermission)).Select(t => t.Name).ToList();
        var own = wanted
            .Where(t => !has(t.ReadAllPermission) && t.ReadOwnPermission is { } own && has(own))
            .Select(t => t.Name)
            .ToList();
        return new EventVisibility(organizationId, all, own);
    }

    /// <summary>Every event of every organization: for readers that filter per consumer afterwards (the live stream's
    /// shared reader).</summary>
    public static EventVisibility Everything { get; } = new(Guid.Empty, [.. EventTypes.All.Select(t => t.Name)], []);

    /// <summary>What the current caller may see.</summary>
    public static EventVisibility Of(ICurrentActor actor, IEnumerable<EventType>? types = null) =>
        For(actor.OrganizationId, actor.Has, types);

    public bool SeesNothing => AllTypes.Count == 0 && OwnTypes.Count == 0;

    public bool Sees(EventRecord record) =>
        AllTypes.Contains(record.Type, StringComparer.Ordinal)
        || (record.OrganizationId == OrganizationId && OwnTypes.Contains(record.Type, StringComparer.Ordinal));
}
