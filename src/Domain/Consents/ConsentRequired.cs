namespace MakCrm.Domain.Consents;

/// <summary>
/// The rule an action covered by a purpose checks before it acts: the client has a live consent for the purpose
/// (given, not expired, not withdrawn). Broken, it is a conflict whose <c>purpose</c> names the missing consent.
/// </summary>
public sealed class ConsentRequired(ConsentPurpose purpose, bool live) : IBusinessRule
{
    public bool IsBroken() => !live;

    public Error Error =>
        new(
            ErrorCodes.ConsentRequired,
            $"The client has no live consent for '{SnakeCaseNames.Of(purpose)}': it was never given, has expired or "
                + "was withdrawn.",
            ErrorKind.Conflict,
            Extensions: new Dictionary<string, object?> { ["purpose"] = purpose }
        );
}
