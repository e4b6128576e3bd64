using MakCrm.Application.Account;

namespace MakCrm.Application.Abstractions.Security;

/// <summary>TOTP (RFC 6238) two-factor authentication of the signed-in user, and its one-time recovery codes.</summary>
public interface ITwoFactorAuthentication
{
    Task<Result<TwoFactorEnrolment>> EnrolAsync(Guid userId, CancellationToken cancellationToken);

    /// <summary>Turns 2FA on with a first code from the app; returns ten recovery codes.</summary>
    Task<Result<IReadOnlyList<string>>> ConfirmAsync(Guid userId, string code, CancellationToken cancellationToken);

    Task<Result<Unit>> DisableAsync(Guid userId, string code, CancellationToken cancellationToken);

    Task<Result<IReadOnlyList<string>>> RegenerateRecoveryCodesAsync(
        Guid userId,
        string code,
        CancellationToken cancellationToken
    );
}
