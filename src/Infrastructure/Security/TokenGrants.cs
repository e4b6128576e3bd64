using System.Security.Cryptography;
using System.Text;
using MakCrm.Domain.Organizations;
using MakCrm.Infrastructure.Auditing;
using MakCrm.Infrastructure.Identity;
using MakCrm.Infrastructure.Persistence;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace MakCrm.Infrastructure.Security;

/// <summary>
/// The grants of POST /connect/token (RFC 6749) and revocation (RFC 7009). Every refusal is an
/// <see cref="OAuthError"/> value; security-relevant ones (wrong passwords, lockouts, refresh-token reuse) are logged.
/// </summary>
public sealed partial class TokenGrants(
    UserManager<MakUser> users,
    MakCrmDbContext db,
    TokenIssuer issuer,
    PermissionMatrix matrix,
    AuditTrail audit,
    SigningKeyRing keys,
    UserStandings standings,
    TwoFactorAuthentication twoFactor,
    Microsoft.Extensions.Options.IOptions<AccessTokenOptions> options,
    TimeProvider clock,
    ILogger<TokenGrants> logger)
{
    public async Task<(TokenResponse? Token, OAuthError? Error)> PasswordAsync(string? clientId, string? username, string? password, CancellationToken cancellationToken)
    {
        var client = await FindClientAsync(clientId, cancellationToken);
        if (client is null || client.IsConfidential)
        {
            return (null, OAuthError.InvalidClient("The password grant needs the client_id of a registered first-party client."));
        }

        if (string.IsNullOrEmpty(username) || string.IsNullOrEmpty(password))
        {
            return (null, OAuthError.InvalidRequest("username and password are required."));
        }

        var user = await users.FindByEmailAsync(username);
        if (user is null)
        {
            await FailedAsync(username, null, "unknown user", cancellationToken);
            return (null, OAuthError.InvalidGrant("The username or password is wrong."));
        }

        if (await users.IsLockedOutAsync(user))
        {
            await FailedAsync(username, user.Id, "locked out", cancellationToken);
            return (null, OAuthError.InvalidGrant("The account is locked after repeated failed sign-ins; try again later."));
        }

        if (!await users.CheckPasswordAsync(user, password))
        {
            await users.AccessFailedAsync(user);
            var lockedNow = await users.IsLockedOutAsync(user);
            await FailedAsync(username, user.Id, "wrong password", cancellationToken);
            if (lockedNow)
            {
                await audit.SecurityAsync("account.locked_out", user.Id, new { username }, cancellationToken);
            }

            return (null, OAuthError.InvalidGrant("The username or password is wrong."));
        }

        if (user.IsDisabled)
        {
            await FailedAsync(username, user.Id, "disabled", cancellationToken);
            return (null, OAuthError.InvalidGrant("The account is disabled."));
        }

        if (!await db.Organizations.AnyAsync(o => o.Id == user.OrganizationId && o.Status == OrganizationStatus.Active, cancellationToken))
        {
            await FailedAsync(username, user.Id, "organization not active", cancellationToken);
            return (null, OAuthError.InvalidGrant("The account's organization is not active (pending approval or blocked)."));
        }

        if (user.TwoFactorEnabled)
        {
            // The failure count is reset only when the whole sign-in succeeds: a right password must not wipe the
            // wrong codes before it, or the lockout would never stop anybody guessing codes.
            var mfaToken = await MfaTokenAsync(user, client.ClientId, cancellationToken);
            return (null, new OAuthError("mfa_required", "The password is right; now send a code from the authenticator app with the mfa-otp grant.", 400, mfaToken));
        }

        await users.ResetAccessFailedCountAsync(user);
        await audit.SecurityAsync("signin.succeeded", user.Id, new { username, client_id = client.ClientId }, cancellationToken);
        return (await IssueAsync(user, client.ClientId, new SignInProof("pwd", clock.GetUtcNow()), family: null, cancellationToken), null);
    }

    /// <summary>The second step of a sign-in with 2FA: the mfa_token from the first, and a TOTP code or a recovery code.</summary>
    public async Task<(TokenResponse? Token, OAuthError? Error)> MfaOtpAsync(
        string? clientId, string? mfaToken, string? otp, string? recoveryCode, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(clientId) || string.IsNullOrEmpty(mfaToken) || (string.IsNullOrEmpty(otp) == string.IsNullOrEmpty(recoveryCode)))
        {
            return (null, OAuthError.InvalidRequest("client_id, mfa_token and either otp or recovery_code are required."));
        }

        var check = Jwt.Validate(mfaToken, await keys.CurrentAsync(cancellationToken), MfaOptions, clock.GetUtcNow());
        if (!check.IsValid || Jwt.String(check.Claims!, "client_id") != clientId || !Guid.TryParse(Jwt.String(check.Claims!, "sub"), out var userId))
        {
            return (null, OAuthError.InvalidGrant("The mfa_token is not valid or has expired; sign in with the password again."));
        }

        var user = await users.FindByIdAsync(userId.ToString());
        if (user is null || user.IsDisabled || !user.TwoFactorEnabled)
        {
            return (null, OAuthError.InvalidGrant("The account cannot sign in."));
        }

        if (await users.IsLockedOutAsync(user))
        {
            await FailedAsync(user.Email!, user.Id, "locked out", cancellationToken);
            return (null, OAuthError.InvalidGrant("The account is locked after repeated failed sign-ins; try again later."));
        }

        var accepted = otp is not null
            ? await twoFactor.VerifyAsync(user, otp, cancellationToken)
            : (await users.RedeemTwoFactorRecoveryCodeAsync(user, recoveryCode!)).Succeeded;
        if (!accepted)
        {
            if (recoveryCode is not null)
            {
                await users.AccessFailedAsync(user);
            }

            await FailedAsync(user.Email!, user.Id, otp is not null ? "wrong one-time code" : "wrong recovery code", cancellationToken);
            return (null, OAuthError.InvalidGrant("The code is wrong."));
        }

        await users.ResetAccessFailedCountAsync(user);
        var amr = otp is not null ? "pwd otp" : "pwd rc";
        await audit.SecurityAsync("signin.succeeded", user.Id, new { username = user.Email, client_id = clientId, amr }, cancellationToken);
        return (await IssueAsync(user, clientId, new SignInProof(amr, clock.GetUtcNow()), family: null, cancellationToken), null);
    }

    /// <summary>Tokens of the first sign-in step are for the mfa-otp grant only: another audience, five minutes.</summary>
    private AccessTokenOptions MfaOptions => new()
    {
        Issuer = options.Value.Issuer,
        Audience = MfaAudience,
        ClockSkew = options.Value.ClockSkew,
    };

    private const string MfaAudience = "urn:mak:mfa";

    private async Task<string> MfaTokenAsync(MakUser user, string clientId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var claims = new System.Text.Json.Nodes.JsonObject
        {
            ["iss"] = options.Value.Issuer,
            ["aud"] = MfaAudience,
            ["sub"] = user.Id.ToString(),
            ["client_id"] = clientId,
            ["iat"] = now.ToUnixTimeSeconds(),
            ["exp"] = now.AddMinutes(5).ToUnixTimeSeconds(),
            ["jti"] = Guid.CreateVersion7(now).ToString(),
        };
        return Jwt.Sign(claims, (await keys.CurrentAsync(cancellationToken)).Signing);
    }

    public async Task<(TokenResponse? Token, OAuthError? Error)> RefreshAsync(string? clientId, string? refreshToken, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(clientId) || string.IsNullOrEmpty(refreshToken))
        {
            return (null, OAuthError.InvalidRequest("client_id and refresh_token are required."));
        }

        var now = clock.GetUtcNow();
        var hash = TokenIssuer.Hash(refreshToken);
        var stored = await db.RefreshTokens.AsNoTracking().FirstOrDefaultAsync(t => t.TokenHash == hash, cancellationToken);
        if (stored is null || stored.ClientId != clientId)
        {
            return (null, OAuthError.InvalidGrant("The refresh token is not valid."));
        }

        // Spend it with a conditional update, so that of two concurrent uses exactly one wins.
        var spent = stored.SpentAt is null && stored.RevokedAt is null && stored.ExpiresAt > now
            && await db.RefreshTokens
                .Where(t => t.Id == stored.Id && t.SpentAt == null && t.RevokedAt == null)
                .ExecuteUpdateAsync(t => t.SetProperty(x => x.SpentAt, now), cancellationToken) == 1;
        if (!spent)
        {
            if (stored.ExpiresAt <= now && stored.SpentAt is null && stored.RevokedAt is null)
            {
                return (null, OAuthError.InvalidGrant("The refresh token has expired; sign in again."));
            }

            if (stored.SpentAt is null)
            {
                return (null, OAuthError.InvalidGrant("The refresh token was revoked; sign in again."));
            }

            // A spent token presented again: somebody kept a copy. End the whole family.
            await RevokeFamilyAsync(stored.FamilyId, now, cancellationToken);
            RefreshTokenReused(logger, stored.UserId, stored.FamilyId);
            await audit.SecurityAsync("refresh_token.reused", stored.UserId, new { sign_in = stored.FamilyId, client_id = clientId }, cancellationToken);
            return (null, OAuthError.InvalidGrant("The refresh token was already used; every token of this sign-in is revoked."));
        }

        var user = await users.FindByIdAsync(stored.UserId.ToString());
        if (user is null || user.IsDisabled)
        {
            return (null, OAuthError.InvalidGrant("The account is disabled."));
        }

        // A sign-in made with the password alone does not outlive the user turning two-factor authentication on.
        var proof = new SignInProof(stored.Amr, stored.AuthenticatedAt);
        if (user.TwoFactorEnabled && !proof.HasSecondFactor)
        {
            await RevokeFamilyAsync(stored.FamilyId, now, cancellationToken);
            return (null, OAuthError.InvalidGrant("Two-factor authentication is on now; sign in again with a code."));
        }

        return (await IssueAsync(user, clientId, proof, stored.FamilyId, cancellationToken), null);
    }

    public async Task<(TokenResponse? Token, OAuthError? Error)> ClientCredentialsAsync(
        string? clientId, string? clientSecret, string? scope, CancellationToken cancellationToken)
    {
        var client = await FindClientAsync(clientId, cancellationToken);
        if (client is not { IsConfidential: true, SecretHash: not null, OrganizationId: not null } || !SecretMatches(clientSecret, client.SecretHash))
        {
            ClientAuthenticationFailed(logger, clientId ?? "(none)");
            await audit.SecurityAsync("client.authentication_failed", null, new { client_id = clientId }, cancellationToken);
            return (null, OAuthError.InvalidClient("The client is unknown, disabled, or its secret is wrong."));
        }

        var requested = (scope ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (requested.Except(client.Scopes, StringComparer.Ordinal).ToList() is { Count: > 0 } notAllowed)
        {
            return (null, OAuthError.InvalidScope($"The client may not request: {string.Join(' ', notAllowed)}."));
        }

        var granted = requested.Length > 0 ? requested : client.Scopes;
        return (await issuer.ForClientAsync(client, granted, cancellationToken), null);
    }

    /// <summary>RFC 7009: revokes a refresh token (and its family). Unknown tokens are not an error.</summary>
    public async Task<OAuthError?> RevokeAsync(string? clientId, string? token, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(clientId) || string.IsNullOrEmpty(token))
        {
            return OAuthError.InvalidRequest("client_id and token are required.");
        }

        var hash = TokenIssuer.Hash(token);
        var stored = await db.RefreshTokens.AsNoTracking().FirstOrDefaultAsync(t => t.TokenHash == hash, cancellationToken);
        if (stored is not null && stored.ClientId == clientId)
        {
            await RevokeFamilyAsync(stored.FamilyId, clock.GetUtcNow(), cancellationToken);
            await audit.SecurityAsync("signin.revoked", stored.UserId, new { sign_in = stored.FamilyId, client_id = clientId }, cancellationToken);
        }

        return null;
    }

    public static bool SecretMatches(string? secret, string expectedHash) =>
        secret is not null && CryptographicOperations.FixedTimeEquals(
            Encoding.ASCII.GetBytes(TokenIssuer.Hash(secret)), Encoding.ASCII.GetBytes(expectedHash));

    private async Task<TokenResponse> IssueAsync(MakUser user, string clientId, SignInProof proof, Guid? family, CancellationToken cancellationToken)
    {
        var roles = (await users.GetRolesAsync(user)).ToList();

        // A role that requires two-factor authentication gets, without it, a token that can only turn it on.
        var enrolmentOnly = !user.TwoFactorEnabled
            && await db.Roles.AnyAsync(r => roles.Contains(r.Name!) && r.RequiresTwoFactor, cancellationToken);
        IReadOnlyCollection<string> permissions = enrolmentOnly ? [] : (await matrix.ForRolesAsync(roles, cancellationToken)).Order(StringComparer.Ordinal).ToList();
        return await issuer.ForUserAsync(user, roles, permissions, clientId, proof, family, enrolmentOnly, cancellationToken);
    }

    private async Task FailedAsync(string username, Guid? userId, string reason, CancellationToken cancellationToken)
    {
        SignInFailed(logger, username, reason);
        await audit.SecurityAsync("signin.failed", userId, new { username, reason }, cancellationToken);
    }

    private Task<ApiClient?> FindClientAsync(string? clientId, CancellationToken cancellationToken) =>
        string.IsNullOrEmpty(clientId)
            ? Task.FromResult<ApiClient?>(null)
            : db.ApiClients.AsNoTracking().FirstOrDefaultAsync(c => c.ClientId == clientId && c.IsEnabled, cancellationToken);

    private async Task RevokeFamilyAsync(Guid familyId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await db.RefreshTokens.Where(t => t.FamilyId == familyId && t.RevokedAt == null)
            .ExecuteUpdateAsync(t => t.SetProperty(x => x.RevokedAt, now), cancellationToken);

        // The database notifies every instance (UserStandings); this one need not wait for the notification to arrive.
        standings.Forget();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sign-in failed for {Username}: {Reason}")]
    private static partial void SignInFailed(ILogger logger, string username, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refresh token reuse for user {UserId}: family {FamilyId} revoked")]
    private static partial void RefreshTokenReused(ILogger logger, Guid userId, Guid familyId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Client authentication failed for {ClientId}")]
    private static partial void ClientAuthenticationFailed(ILogger logger, string clientId);
}
