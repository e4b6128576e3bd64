using MakCrm.Application.Abstractions.Mail;
using MakCrm.Application.Invitations;
using MakCrm.Domain.Clients;

namespace MakCrm.Application.Passwords;

/// <summary>Forgot password: asks for a reset link by e-mail.</summary>
public sealed record RequestPasswordResetCommand(string Email) : ICommand<Unit>;

/// <summary>Sets a new password with the token from the reset mail.</summary>
public sealed record CompletePasswordResetCommand(string Token, string NewPassword) : ICommand<Unit>;

internal sealed class RequestPasswordResetValidator : AbstractValidator<RequestPasswordResetCommand>
{
    public RequestPasswordResetValidator() =>
        RuleFor(c => (string?)c.Email)
            .Must(e => EmailAddress.TryParse(e, out _))
            .WithMessage("Must be an e-mail address.")
            .OverridePropertyName("email");
}

internal sealed class CompletePasswordResetValidator : AbstractValidator<CompletePasswordResetCommand>
{
    public CompletePasswordResetValidator()
    {
        RuleFor(c => c.Token).NotEmpty().WithMessage("Is required.").MaximumLength(200);
        RuleFor(c => c.NewPassword).NotEmpty().WithMessage("Is required.");
    }
}

/// <summary>
/// Answers the same whether or not the e-mail has an account: every request is recorded (so the per-e-mail limit,
/// counted in the database, holds across instances and is the same for any e-mail); only an active user's request
/// gets a one-time token (stored hashed) and a mail. Requests past the limit record and send nothing, and are answered
/// the same. The requests for one e-mail are serialised, so the count and the insert cannot interleave.
/// </summary>
internal sealed class RequestPasswordResetHandler(
    IPasswordResets resets,
    IPasswords passwords,
    IMailOutbox outbox,
    IRequestContext request,
    PasswordResetOptions options,
    TimeProvider clock
) : ICommandHandler<RequestPasswordResetCommand, Unit>
{
    public async Task<Result<Unit>> Handle(RequestPasswordResetCommand command, CancellationToken cancellationToken)
    {
        var email = EmailAddress.Parse(command.Email).Value;
        var now = clock.UtcNowMicroseconds();
        await resets.LockEmailAsync(email, cancellationToken);
        if (await resets.CountSinceAsync(email, now - options.Window, cancellationToken) >= options.RequestsPerEmail)
        {
            return Unit.Value;
        }

        var holder = await passwords.FindActiveByEmailAsync(email, cancellationToken);
        var token = holder is null ? null : OneTimeToken.New();
        resets.Add(
            new PasswordResetRequest(
                clock.NewId(),
                email,
                holder?.UserId,
                token?.Hash,
                now,
                now + options.TokenLifetime,
                request.IpAddress
            )
        );
        if (holder is not null)
        {
            outbox.Add(
                new MailDraft(
                    holder.Email,
                    "password_reset",
                    new Dictionary<string, object?>
                    {
                        ["fullName"] = holder.FullName,
                        ["token"] = token!.Value,
                        ["minutes"] = (int)options.TokenLifetime.TotalMinutes,
                        ["expiresAt"] = MailTimes.Format(now + options.TokenLifetime),
                    }
                )
            );
        }

        return Unit.Value;
    }
}

/// <summary>
/// Spends the token (one conditional statement: of two requests with it, one wins), sets the password through the
/// policy — a refused password rolls the whole unit of work back, so the token stays usable — spends the user's other
/// reset links and ends every sign-in of the user: their access tokens are refused on their next request.
/// </summary>
internal sealed class CompletePasswordResetHandler(
    IPasswordResets resets,
    IPasswords passwords,
    ISignIns signIns,
    ISecurityAudit audit,
    TimeProvider clock
) : ICommandHandler<CompletePasswordResetCommand, Unit>
{
    public async Task<Result<Unit>> Handle(CompletePasswordResetCommand command, CancellationToken cancellationToken)
    {
        var now = clock.UtcNowMicroseconds();
        if (
            await resets.SpendAsync(SecretHash.Of(command.Token), now, cancellationToken) is not { } userId
            || await passwords.FindAsync(userId, cancellationToken) is null
        )
        {
            return new Error(
                ErrorCodes.InvalidToken,
                "The link is not valid: it has expired or was used already. Ask for a new one.",
                ErrorKind.Validation
            );
        }

        var set = await passwords.SetAsync(userId, command.NewPassword, "newPassword", cancellationToken);
        if (!set.IsSuccess)
        {
            return set.Error!;
        }

        await resets.SpendAllAsync(userId, now, cancellationToken);
        var ended = await signIns.RevokeAllAsync(userId, null, cancellationToken);
        await audit.RecordAsync("password.reset", new { userId, signInsEnded = ended }, cancellationToken);
        return Unit.Value;
    }
}
