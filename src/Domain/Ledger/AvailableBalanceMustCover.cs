namespace MakCrm.Domain.Ledger;

/// <summary>What takes money from a franchisee (a bid's hold, a negative adjustment) may not take the available balance
/// below zero.</summary>
public sealed class AvailableBalanceMustCover(decimal available, decimal amount) : IBusinessRule
{
    public bool IsBroken() => amount < 0 && available + amount < 0;

    public Error Error =>
        new(
            ErrorCodes.InsufficientBalance,
            $"The available balance is {available:0.00} roubles; taking {-amount:0.00} would leave it below zero.",
            ErrorKind.Conflict,
            Extensions: new Dictionary<string, object?> { ["availableBalance"] = available }
        );
}
