namespace MakCrm.Application.Account;

public sealed record EnrolTwoFactorCommand : ICommand<TwoFactorEnrolment>;

public sealed record ConfirmTwoFactorCommand(string Code) : ICommand<IReadOnlyList<string>>;

public sealed record DisableTwoFactorCommand(string Code) : ICommand<Unit>;

public sealed record RegenerateRecoveryCodesCommand(string Code) : ICommand<IReadOnlyList<string>>;

internal static class TwoFactorCodeRule
{
    public static void ValidCode<T>(this IRuleBuilder<T, string> rule) =>
        rule.Must(c => c is { Length: 6 } && c.All(char.IsAsciiDigit))
            .WithMessage("Must be the 6-digit code your authenticator app shows.");
}

internal sealed class ConfirmTwoFactorValidator : AbstractValidator<ConfirmTwoFactorCommand>
{
    public ConfirmTwoFactorValidator() => RuleFor(c => c.Code).ValidCode();
}

internal sealed class DisableTwoFactorValidator : AbstractValidator<DisableTwoFactorCommand>
{
    public DisableTwoFactorValidator() => RuleFor(c => c.Code).ValidCode();
}

internal sealed class RegenerateRecoveryCodesValidator : AbstractValidator<RegenerateRecoveryCodesCommand>
{
    public RegenerateRecoveryCodesValidator() => RuleFor(c => c.Code).ValidCode();
}

internal sealed class EnrolTwoFactorHandler(ITwoFactorAuthentication twoFactor, ICurrentActor actor)
    : ICommandHandler<EnrolTwoFactorCommand, TwoFactorEnrolment>
{
    public Task<Result<TwoFactorEnrolment>> Handle(
        EnrolTwoFactorCommand command,
        CancellationToken cancellationToken
    ) => twoFactor.EnrolAsync(actor.UserId!.Value, cancellationToken);
}

internal sealed class ConfirmTwoFactorHandler(ITwoFactorAuthentication twoFactor, ICurrentActor actor)
    : ICommandHandler<ConfirmTwoFactorCommand, IReadOnlyList<string>>
{
    public Task<Result<IReadOnlyList<string>>> Handle(
        ConfirmTwoFactorCommand command,
        CancellationToken cancellationToken
    ) => twoFactor.ConfirmAsync(actor.UserId!.Value, command.Code, cancellationToken);
}

internal sealed class DisableTwoFactorHandler(ITwoFactorAuthentication twoFactor, ICurrentActor actor)
    : ICommandHandler<DisableTwoFactorCommand, Unit>
{
    public Task<Result<Unit>> Handle(DisableTwoFactorCommand command, CancellationToken cancellationToken) =>
        twoFactor.DisableAsync(actor.UserId!.Value, command.Code, cancellationToken);
}

internal sealed class RegenerateRecoveryCodesHandler(ITwoFactorAuthentication twoFactor, ICurrentActor actor)
    : ICommandHandler<RegenerateRecoveryCodesCommand, IReadOnlyList<string>>
{
    public Task<Result<IReadOnlyList<string>>> Handle(
        RegenerateRecoveryCodesCommand command,
        CancellationToken cancellationToken
    ) => twoFactor.RegenerateRecoveryCodesAsync(actor.UserId!.Value, command.Code, cancellationToken);
}
