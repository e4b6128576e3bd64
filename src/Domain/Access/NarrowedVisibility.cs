namespace MakCrm.Domain.Access;

/// <summary>
/// What a user whose visibility is narrowed (<see cref="UserVisibility.Team"/>, <see cref="UserVisibility.Assigned"/>)
/// does not hold of its role's permissions: those that hand out the organization's data as a whole, which no
/// responsible can narrow — a webhook subscription and an API client act for the organization, the amoCRM sync
/// carries every lead. The data scope narrows every other read.
/// </summary>
public static class NarrowedVisibility
{
    public static IReadOnlyList<string> Withheld { get; } =
    [
        Permissions.WebhooksManage,
        Permissions.ApiClientsManage,
        Permissions.IntegrationsManage,
    ];

    /// <summary>The permissions a user holds: its role's, less <see cref="Withheld"/> when its visibility is
    /// narrowed.</summary>
    public static IReadOnlySet<string> Apply(IReadOnlySet<string> permissions, bool narrowed) =>
        narrowed && Withheld.Any(permissions.Contains)
            ? permissions.Except(Withheld, StringComparer.Ordinal).ToHashSet(StringComparer.Ordinal)
            : permissions;
}
