namespace MakCrm.Domain.LeadReturns;

/// <summary>Head office accepts or rejects a return once; a second decision is refused.</summary>
public sealed class ReturnIsDecidedOnce(Guid returnId, LeadReturnStatus status) : IBusinessRule
{
    public bool IsBroken() => status != LeadReturnStatus.Requested;

    public Error Error =>
        new(
            ErrorCodes.LeadReturnDecided,
            $"Return {returnId} was {status.ToString().ToLowerInvariant()} already; it is decided once.",
            ErrorKind.Conflict
        );
}

/// <summary>A bought lead can be returned only within the configured period after the charge.</summary>
public sealed class ReturnWithinPeriod(ReturnableCharge charge, TimeSpan period, DateTimeOffset now) : IBusinessRule
{
    public bool IsBroken() => now > charge.ChargedAt + period;

    public Error Error =>
        new(
            ErrorCodes.ReturnPeriodExpired,
            $"The lead was bought at {charge.ChargedAt:u}; it could be returned within {period.TotalHours:0.##} "
                + $"hours, until {charge.ChargedAt + period:u}.",
            ErrorKind.Conflict
        );
}
