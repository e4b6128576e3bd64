using MakCrm.Domain.Access;

namespace MakCrm.Domain.Leads;

/// <summary>A lead is created only in a status marked <see cref="LeadStatus.Initial"/>.</summary>
public sealed record LeadMustStartInInitialStatus(string Status, bool Initial) : IBusinessRule
{
    public bool IsBroken() => !Initial;

    public Error Error =>
        Error.Validation(
            "status",
            $"A lead cannot be created in status '{Status}'; it can be created only in a status marked initial (see "
                + $"GET /api/v1/lead-statuses)."
        );
}

/// <summary>
/// A person puts a lead into a status (creating it there or moving it there) only when one of their roles is among the
/// status's <see cref="LeadStatus.AllowedRoles"/>, or the status allows every role: a partner does not mark its own
/// lead approved or issued.
/// </summary>
public sealed record StatusMustAllowRole(
    string Status,
    IReadOnlyList<string> AllowedRoles,
    IReadOnlyList<string> ActorRoles
) : IBusinessRule
{
    public bool IsBroken() =>
        AllowedRoles.Count > 0 && !ActorRoles.Any(role => AllowedRoles.Contains(role, StringComparer.Ordinal));

    public Error Error =>
        new(
            ErrorCodes.LeadStatusRoleNotAllowed,
            $"Only {string.Join(", ", AllowedRoles)} may put a lead into status '{Status}'.",
            ErrorKind.Forbidden,
            Extensions: new Dictionary<string, object?>
            {
                ["requestedStatus"] = Status,
                ["allowedRoles"] = AllowedRoles,
            }
        );

    /// <summary>The roles a status may be limited to.</summary>
    public static IReadOnlyCollection<string> KnownRoles => Roles.DefaultMatrix.Keys.ToArray();
}
