using MakCrm.Application.Abstractions.Security;
using MakCrm.Application.Account;
using MakCrm.Domain.Common;
using MakCrm.Infrastructure.Auditing;
using MakCrm.Infrastructure.Identity;
using MakCrm.Infrastructure.Persistence;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using QRCoder;

namespace MakCrm.Infrastructure.Security;

/// <summary>
/// Two-factor authentication with Identity's authenticator key (RFC 6238 TOTP, 6 digits, 30 s; <see cref="TotpCodes"/>)
/// and its recovery codes (one-time, kept by Identity). A code is accepted once: accepting it records its time step
/// with one conditional UPDATE, which only a later step passes, so of requests arriving together with the same code
/// one at most is accepted. A wrong or spent code counts towards lockout like a wrong password.
/// </summary>
public sealed class TwoFactorAuthentication(
    UserManager<MakUser> users,
    MakCrmDbContext db,
    AuditTrail audit,
    IServiceScopeFactory scopes,
    TimeProvider clock
) : ITwoFactorAuthentication
{
    public const string Issuer = "MaK CRM";
    private const int RecoveryCodeCount = 10;

    public async Task<Result<TwoFactorEnrolment>> EnrolAsync(Guid userId, CancellationToken cancellationToken)
    {
        var user = await users.FindByIdAsync(userId.ToString());
        if (user is null || user.TwoFactorEnabled)
        {
            return new Error(
                ErrorCodes.TwoFactorAlreadyEnabled,
                "Two-factor authentication is on already; disable it first to enrol a new device.",
                ErrorKind.Conflict
            );
        }

        await users.ResetAuthenticatorKeyAsync(user);
        // Steps of the old key say nothing about the new one's codes.
        await db
            .Users.Where(u => u.Id == user.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.TotpLastStep, (long?)null), cancellationToken);
        var key = (await users.GetAuthenticatorKeyAsync(user))!;
        var uri =
            $"otpauth://totp/{Uri.EscapeDataString(Issuer)}:{Uri.EscapeDataString(user.Email!)}?secret={key}"
            + $"&issuer={Uri.EscapeDataString(Issuer)}&digits=6&period=30";
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(uri, QRCodeGenerator.ECCLevel.M);
        var svg = new SvgQRCode(data).GetGraphic(4);
        return new TwoFactorEnrolment(key, uri, svg);
    }

    public async Task<Result<IReadOnlyList<string>>> ConfirmAsync(
        Guid userId,
        string code,
        CancellationToken cancellationToken
    )
    {
        var user = await users.FindByIdAsync(userId.ToString());
        if (user is null || user.TwoFactorEnabled)
        {
            return new Error(
                ErrorCodes.TwoFactorAlreadyEnabled,
                "Two-factor authentication is on already.",
                ErrorKind.Conflict
            );
        }

        if (await users.GetAuthenticatorKeyAsync(user) is null)
        {
            return WrongCode();
        }

        if (await CheckAccountCodeAsync(user, code, cancellationToken) is { IsSuccess: false } refused)
        {
            return refused.Error!;
        }

        await users.SetTwoFactorEnabledAsync(user, true);
        var codes = (await users.GenerateNewTwoFactorRecoveryCodesAsync(user, RecoveryCodeCount))!.ToList();
        audit.Add(audit.Security("two_factor.enabled", user.Id, null));
        return codes;
    }

    public async Task<Result<Unit>> DisableAsync(Guid userId, string code, CancellationToken cancellationToken)
    {
        var user = await EnabledUserAsync(userId);
        if (user is null)
        {
            return NotEnabled();
        }

        if (await CheckAccountCodeAsync(user, code, cancellationToken) is { IsSuccess: false } refused)
        {
            return refused;
        }

        await users.SetTwoFactorEnabledAsync(user, false);
        await users.ResetAuthenticatorKeyAsync(user);
        audit.Add(audit.Security("two_factor.disabled", user.Id, null));
        return Unit.Value;
    }

    public async Task<Result<IReadOnlyList<string>>> RegenerateRecoveryCodesAsync(
        Guid userId,
        string code,
        CancellationToken cancellationToken
    )
    {
        var user = await EnabledUserAsync(userId);
        if (user is null)
        {
            return NotEnabled();
        }

        if (await CheckAccountCodeAsync(user, code, cancellationToken) is { IsSuccess: false } refused)
        {
            return refused.Error!;
        }

        var codes = (await users.GenerateNewTwoFactorRecoveryCodesAsync(user, RecoveryCodeCount))!.ToList();
        audit.Add(audit.Security("two_factor.recovery_codes_regenerated", user.Id, null));
        return codes;
    }

    /// <summary>Accepts a code from the authenticator app once; a wrong or spent one counts towards lockout.</summary>
    public async Task<bool> VerifyAsync(MakUser user, string code, CancellationToken cancellationToken)
    {
        if (await AcceptCodeAsync(user, code, cancellationToken))
        {
            return true;
        }

        await users.AccessFailedAsync(user);
        return false;
    }

    /// <summary>
    /// Checks the code an account change (confirm, disable, new recovery codes) is made with. A wrong one counts
    /// towards
    /// lockout like a wrong sign-in code; since the request's transaction rolls back with the refusal, the failure is
    /// written in a scope of its own. A locked account is refused without looking at the code.
    /// </summary>
    private async Task<Result<Unit>> CheckAccountCodeAsync(
        MakUser user,
        string code,
        CancellationToken cancellationToken
    )
    {
        if (await users.IsLockedOutAsync(user))
        {
            return new Error(
                ErrorCodes.AccountLocked,
                "The account is locked after repeated wrong codes or passwords; try again later.",
                ErrorKind.Conflict
            );
        }

        if (await AcceptCodeAsync(user, code, cancellationToken))
        {
            return Unit.Value;
        }

        await using var scope = scopes.CreateAsyncScope();
        var ownUsers = scope.ServiceProvider.GetRequiredService<UserManager<MakUser>>();
        if (await ownUsers.FindByIdAsync(user.Id.ToString()) is { } current)
        {
            await ownUsers.AccessFailedAsync(current);
            var ownAudit = scope.ServiceProvider.GetRequiredService<AuditTrail>();
            await ownAudit.SecurityAsync("two_factor.code_rejected", user.Id, null, cancellationToken);
            if (await ownUsers.IsLockedOutAsync(current))
            {
                await ownAudit.SecurityAsync(
                    "account.locked_out",
                    user.Id,
                    new { username = user.Email },
                    cancellationToken
                );
            }
        }

        return WrongCode();
    }

    /// <summary>
    /// Whether the code is the user's for a step within the window and later than the last accepted one, recording its
    /// step if so. The condition is re-checked by PostgreSQL on the row as it is when the UPDATE runs, so of concurrent
    /// requests with one code exactly one updates a row.
    /// </summary>
    private async Task<bool> AcceptCodeAsync(MakUser user, string code, CancellationToken cancellationToken)
    {
        if (
            await users.GetAuthenticatorKeyAsync(user) is not { } key
            || TotpCodes.LatestMatchingStep(key, code, clock.GetUtcNow()) is not { } step
        )
        {
            return false;
        }

        return await db
                .Users.Where(u => u.Id == user.Id && (u.TotpLastStep == null || u.TotpLastStep < step))
                .ExecuteUpdateAsync(s => s.SetProperty(u => u.TotpLastStep, step), cancellationToken) == 1;
    }

    private async Task<MakUser?> EnabledUserAsync(Guid userId) =>
        await users.FindByIdAsync(userId.ToString()) is { TwoFactorEnabled: true } user ? user : null;

    private static Error WrongCode() =>
        Error.Validation("code", "The code is not the one the authenticator app shows now.");

    private static Error NotEnabled() =>
        new(ErrorCodes.TwoFactorNotEnabled, "Two-factor authentication is not on.", ErrorKind.Conflict);
}
