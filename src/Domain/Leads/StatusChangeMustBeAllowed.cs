namespace MakCrm.Domain.Leads;

/// <summary>A lead moves only along the transitions its current status allows.</summary>
public sealed class StatusChangeMustBeAllowed(LeadStatus current, string requested) : IBusinessRule
{
    public bool IsBroken() => requested != current.Code && !current.Allows(requested);

    public Error Error =>
        new(
            ErrorCodes.LeadStatusTransitionNotAllowed,
            $"A lead in status '{current.Code}' cannot move to '{requested}'; it may move to: "
                + $"{(current.Transitions.Length == 0 ? "nothing" : string.Join(", ", current.Transitions))}.",
            ErrorKind.Conflict,
            Extensions: new Dictionary<string, object?>
            {
                ["currentStatus"] = current.Code,
                ["requestedStatus"] = requested,
                ["allowedStatuses"] = current.Transitions,
            }
        );
}
