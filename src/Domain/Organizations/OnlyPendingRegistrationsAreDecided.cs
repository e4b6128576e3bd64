namespace MakCrm.Domain.Organizations;

/// <summary>A registration is approved or rejected once: an active, blocked or rejected organization is not
/// pending.</summary>
public sealed record OnlyPendingRegistrationsAreDecided(OrganizationStatus Status) : IBusinessRule
{
    public bool IsBroken() => Status != OrganizationStatus.Pending;

    public Error Error =>
        new(
            ErrorCodes.OrganizationNotPending,
            $"The organization is {Status.ToString().ToLowerInvariant()}, not pending: its registration was already "
                + $"decided.",
            ErrorKind.Conflict
        );
}
