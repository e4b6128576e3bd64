namespace MakCrm.Application.Passwords;

/// <summary>The signed-in user changes its password; the sign-in making the request stays.</summary>
public sealed record ChangePasswordCommand(string CurrentPassword, string NewPassword) : ICommand<Unit>;

internal sealed class ChangePasswordValidator : AbstractValidator<ChangePasswordCommand>
{
    public ChangePasswordValidator()
    {
        RuleFor(c => c.CurrentPassword).NotEmpty().WithMessage("Is required.");
        RuleFor(c => c.NewPassword).NotEmpty().WithMessage("Is required.");
    }
}

/// <summary>
/// Checks the current password (a wrong one is a 400 <c>invalid_current_password</c> and changes nothing), sets the new
/// one through the policy, and ends the user's other sign-ins; the one making the request stays signed in.
/// </summary>
internal sealed class ChangePasswordHandler(
    IPasswords passwords,
    ISignIns signIns,
    ISecurityAudit audit,
    ICurrentActor actor
) : ICommandHandler<ChangePasswordCommand, Unit>
{
    public async Task<Result<Unit>> Handle(ChangePasswordCommand command, CancellationToken cancellationToken)
    {
        if (actor.UserId is not { } userId)
        {
            return new Error(ErrorCodes.Forbidden, "Only a user has a password.", ErrorKind.Forbidden);
        }

        if (!await passwords.VerifyAsync(userId, command.CurrentPassword, cancellationToken))
        {
            return new Error(ErrorCodes.InvalidCurrentPassword, "The current password is wrong.", ErrorKind.Validation);
        }

        var set = await passwords.SetAsync(userId, command.NewPassword, "newPassword", cancellationToken);
        if (!set.IsSuccess)
        {
            return set.Error!;
        }

        var ended = await signIns.RevokeAllAsync(userId, actor.SignInId, cancellationToken);
        await audit.RecordAsync("password.changed", new { userId, signInsEnded = ended }, cancellationToken);
        return Unit.Value;
    }
}
