using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using MakCrm.Application.Abstractions.Security;
using MakCrm.Application.Common;
using MakCrm.Domain.Access;
using MakCrm.Domain.Organizations;
using MakCrm.Infrastructure.Auditing;
using MakCrm.Infrastructure.Identity;
using MakCrm.Infrastructure.Persistence;
using MakCrm.Infrastructure.Telegram;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MakCrm.Infrastructure.Security;

/// <summary>
/// The grants of POST /connect/token (RFC 6749) and revocation (RFC 7009). Every refusal is an
/// <see cref="OAuthError"/> value; security-relevant ones (wrong passwords, lockouts, refresh-token reuse) are logged.
/// </summary>
[Scoped]
public sealed partial class TokenGrants(
    UserManager<MakUser> users,
    MakCrmDbContext db,
    TokenIssuer issuer,
    PermissionMatrix matrix,
    AuditTrail audit,
    ISignIns signIns,
    TwoFactorAuthentication twoFactor,
    IOptions<TelegramOptions> telegram,
    TimeProvider clock,
    ILogger<TokenGrants> logger
)
{
    /// <summary>RFC 8693's grant type.</summary>
    public const string TokenExchangeGrant = "urn:ietf:params:oauth:grant-type:token-exchange";

    /// <summary>The subject token type of a Telegram user id: the bot exchanges a linked Telegram account for its
    /// user's token.</summary>
    public const string TelegramUserIdTokenType = "urn:mak:params:oauth:token-type:telegram-user-id";

    /// <summary>The subject token type of a WhatsApp account's <c>wa_id</c>: the bot exchanges a linked WhatsApp
    /// account for its user's token.</summary>
    public const string WhatsAppIdTokenType = "urn:mak:params:oauth:token-type:whatsapp-id";

    public async Task<(TokenResponse? Token, OAuthError? Error)> PasswordAsync(
        string? clientId,
        string? username,
        string? password,
        CancellationToken cancellationToken
    )
    {
        var client = await FindClientAsync(clientId, cancellationToken);
        if (client is null || client.IsConfidential)
        {
            return (
                null,
                OAuthError.InvalidClient("The password grant needs the client_id of a registered first-party client.")
            );
        }

        if (string.IsNullOrEmpty(username) || string.IsNullOrEmpty(password))
        {
            return (null, OAuthError.InvalidRequest("username and password are required."));
        }

        var user = await users.FindByEmailAsync(username);
        if (user is null)
        {
            // As long as for a real user, so that the time of the answer does not tell which accounts exist.
            users.PasswordHasher.VerifyHashedPassword(DecoyUser, DecoyPasswordHash, password);
            await FailedAsync(username, null, "unknown user", cancellationToken);
            return (null, OAuthError.InvalidGrant("The username or password is wrong."));
        }

        if (await users.IsLockedOutAsync(user))
        {
            await FailedAsync(username, user.Id, "locked out", cancellationToken);
            return (
                null,
                OAuthError.InvalidGrant("The account is locked after repeated failed sign-ins; try again later.")
            );
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

        if (
            !await db.Set<Organization>()
                .AnyAsync(o => o.Id == user.OrganizationId && o.Status == OrganizationStatus.Active, cancellationToken)
        )
        {
            await FailedAsync(username, user.Id, "organization not active", cancellationToken);
            return (
                null,
                OAuthError.InvalidGrant("The account's organization is not active (pending approval or blocked).")
            );
        }

        if (user.TwoFactorEnabled)
        {
            // The failure count is reset only when the whole sign-in succeeds: a right password must not wipe the
            // wrong codes before it, or the lockout would never stop anybody guessing codes.
            var mfaToken = await MfaTokenAsync(user, client.ClientId, cancellationToken);
            return (
                null,
                new OAuthError(
                    "mfa_required",
                    "The password is right; now send a code from the authenticator app with the mfa-otp grant.",
                    400,
                    mfaToken
                )
            );
        }

        await users.ResetAccessFailedCountAsync(user);
        await audit.SecurityAsync(
            "signin.succeeded",
            user.Id,
            new { username, client_id = client.ClientId },
            cancellationToken
        );
        return (
            await IssueAsync(
                user,
                client.ClientId,
                new SignInProof("pwd", clock.GetUtcNow()),
                family: null,
                cancellationToken
            ),
            null
        );
    }

    /// <summary>The second step of a sign-in with 2FA: the mfa_token from the first, and a TOTP code or a recovery
    /// code.</summary>
    public async Task<(TokenResponse? Token, OAuthError? Error)> MfaOtpAsync(
        string? clientId,
        string? mfaToken,
        string? otp,
        string? recoveryCode,
        CancellationToken cancellationToken
    )
    {
        if (
            string.IsNullOrEmpty(clientId)
            || string.IsNullOrEmpty(mfaToken)
            || (string.IsNullOrEmpty(otp) == string.IsNullOrEmpty(recoveryCode))
        )
        {
            return (
                null,
                OAuthError.InvalidRequest("client_id, mfa_token and either otp or recovery_code are required.")
            );
        }

        var hash = SecretHash.Of(mfaToken);
        var now = clock.GetUtcNow();
        var challenge = await db.Set<MfaToken>()
            .AsNoTracking()
            .FirstOrDefaultAsync(t => t.TokenHash == hash && t.ExpiresAt > now, cancellationToken);
        if (challenge is null || challenge.ClientId != clientId)
        {
            return (
                null,
                OAuthError.InvalidGrant(
                    "The mfa_token is not valid, was used already or has expired; sign in with the password again."
                )
            );
        }

        var user = await users.FindByIdAsync(challenge.UserId.ToString());
        if (user is null || user.IsDisabled || !user.TwoFactorEnabled)
        {
            return (null, OAuthError.InvalidGrant("The account cannot sign in."));
        }

        if (await users.IsLockedOutAsync(user))
        {
            await FailedAsync(user.Email!, user.Id, "locked out", cancellationToken);
            return (
                null,
                OAuthError.InvalidGrant("The account is locked after repeated failed sign-ins; try again later.")
            );
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

            await FailedAsync(
                user.Email!,
                user.Id,
                otp is not null ? "wrong one-time code" : "wrong recovery code",
                cancellationToken
            );
            return (null, OAuthError.InvalidGrant("The code is wrong."));
        }

        // Spent with one conditional DELETE: of requests arriving together with this token, one signs in.
        if (await db.Set<MfaToken>().Where(t => t.Id == challenge.Id).ExecuteDeleteAsync(cancellationToken) != 1)
        {
            return (null, OAuthError.InvalidGrant("The mfa_token was used already; sign in with the password again."));
        }

        await users.ResetAccessFailedCountAsync(user);
        var amr = otp is not null ? "pwd otp" : "pwd rc";
        var signedInAt = clock.GetUtcNow();
        await db
            .Users.Where(u => u.Id == user.Id)
            .ExecuteUpdateAsync(u => u.SetProperty(x => x.LastTwoFactorSignInAt, signedInAt), cancellationToken);
        await audit.SecurityAsync(
            "signin.succeeded",
            user.Id,
            new
            {
                username = user.Email,
                client_id = clientId,
                amr,
            },
            cancellationToken
        );
        return (
            await IssueAsync(user, clientId, new SignInProof(amr, signedInAt), family: null, cancellationToken),
            null
        );
    }

    /// <summary>
    /// The token of the first sign-in step: random, for the mfa-otp grant only, five minutes, one sign-in; stored as a
    /// hash (with the user's expired ones cleared away as it is made).
    /// </summary>
    private async Task<string> MfaTokenAsync(MakUser user, string clientId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await db.Set<MfaToken>()
            .Where(t => t.UserId == user.Id && t.ExpiresAt <= now)
            .ExecuteDeleteAsync(cancellationToken);
        var token = TokenIssuer.NewRefreshToken();
        db.Set<MfaToken>()
            .Add(
                new MfaToken
                {
                    Id = Guid.CreateVersion7(now),
                    TokenHash = SecretHash.Of(token),
                    UserId = user.Id,
                    ClientId = clientId,
                    CreatedAt = now,
                    ExpiresAt = now.AddMinutes(5),
                }
            );
        await db.SaveChangesAsync(cancellationToken);
        return token;
    }

    /// <summary>An unknown user's password is checked against this hash, made once with the same hasher and
    /// settings.</summary>
    private string DecoyPasswordHash =>
        _decoyPasswordHash ??= users.PasswordHasher.HashPassword(DecoyUser, TokenIssuer.NewRefreshToken());

    private static readonly MakUser DecoyUser = new();
    private static string? _decoyPasswordHash;

    public async Task<(TokenResponse? Token, OAuthError? Error)> RefreshAsync(
        string? clientId,
        string? refreshToken,
        CancellationToken cancellationToken
    )
    {
        if (string.IsNullOrEmpty(clientId) || string.IsNullOrEmpty(refreshToken))
        {
            return (null, OAuthError.InvalidRequest("client_id and refresh_token are required."));
        }

        var now = clock.GetUtcNow();
        var hash = SecretHash.Of(refreshToken);
        var stored = await db.Set<RefreshToken>()
            .AsNoTracking()
            .FirstOrDefaultAsync(t => t.TokenHash == hash, cancellationToken);
        if (stored is null || stored.ClientId != clientId)
        {
            return (null, OAuthError.InvalidGrant("The refresh token is not valid."));
        }

        // Spend it with a conditional update, so that of two concurrent uses exactly one wins.
        var spent =
            stored.SpentAt is null
            && stored.RevokedAt is null
            && stored.ExpiresAt > now
            && await db.Set<RefreshToken>()
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
            await signIns.RevokeAsync(stored.UserId, stored.FamilyId, cancellationToken);
            RefreshTokenReused(logger, stored.UserId, stored.FamilyId);
            await audit.SecurityAsync(
                "refresh_token.reused",
                stored.UserId,
                new { sign_in = stored.FamilyId, client_id = clientId },
                cancellationToken
            );
            return (
                null,
                OAuthError.InvalidGrant("The refresh token was already used; every token of this sign-in is revoked.")
            );
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
            await signIns.RevokeAsync(stored.UserId, stored.FamilyId, cancellationToken);
            return (null, OAuthError.InvalidGrant("Two-factor authentication is on now; sign in again with a code."));
        }

        return (await IssueAsync(user, clientId, proof, stored.FamilyId, cancellationToken), null);
    }

    public async Task<(TokenResponse? Token, OAuthError? Error)> ClientCredentialsAsync(
        string? clientId,
        string? clientSecret,
        string? scope,
        CancellationToken cancellationToken
    )
    {
        var (client, kind, failure) = await AuthenticateClientAsync(clientId, clientSecret, cancellationToken);
        if (failure is not null)
        {
            return (null, failure);
        }

        // What the client may do: its scopes, as far as its organization's role allows them now.
        var allowed = await matrix.ForApiClientAsync(kind, client!.Scopes, cancellationToken);
        var requested = (scope ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (requested.Where(s => !allowed.Contains(s)).ToList() is { Count: > 0 } notAllowed)
        {
            return (null, OAuthError.InvalidScope($"The client may not request: {string.Join(' ', notAllowed)}."));
        }

        IReadOnlyCollection<string> granted =
            requested.Length > 0 ? requested : client.Scopes.Where(allowed.Contains).ToList();
        return (await issuer.ForClientAsync(client, granted, cancellationToken), null);
    }

    /// <summary>
    /// RFC 8693 token exchange: the bot (a confidential client with <see cref="Permissions.TelegramBot"/>) presents a
    /// linked messenger account — a Telegram user id or a WhatsApp <c>wa_id</c>, told apart by the subject token type —
    /// and gets a short-lived access token of the user that account is linked to, with the bot as its actor. Its
    /// permissions are the user's, cut down to the configured delegated scopes and to <paramref name="scope"/>; no
    /// refresh token. Refused (<c>invalid_grant</c>) without a link, for a disabled user, an organization that is not
    /// active, or a role that requires two-factor authentication the user has not turned on.
    /// </summary>
    public async Task<(TokenResponse? Token, OAuthError? Error)> TokenExchangeAsync(
        string? clientId,
        string? clientSecret,
        string? subjectToken,
        string? subjectTokenType,
        string? scope,
        CancellationToken cancellationToken
    )
    {
        var (client, _, failure) = await AuthenticateClientAsync(clientId, clientSecret, cancellationToken);
        if (failure is not null)
        {
            return (null, failure);
        }

        if (!client!.Scopes.Contains(Permissions.TelegramBot, StringComparer.Ordinal))
        {
            return (
                null,
                new OAuthError(
                    "unauthorized_client",
                    $"Only a client with the {Permissions.TelegramBot} scope may exchange tokens."
                )
            );
        }

        MessengerChannel channel;
        switch (subjectTokenType)
        {
            case TelegramUserIdTokenType:
                if (
                    !long.TryParse(
                        subjectToken,
                        NumberStyles.None,
                        CultureInfo.InvariantCulture,
                        out var telegramUserId
                    )
                    || telegramUserId <= 0
                )
                {
                    return (
                        null,
                        OAuthError.InvalidRequest("subject_token must be a Telegram user id (a positive number).")
                    );
                }

                (channel, subjectToken) = (
                    MessengerChannel.Telegram,
                    telegramUserId.ToString(CultureInfo.InvariantCulture)
                );
                break;
            case WhatsAppIdTokenType:
                if (!WhatsAppIds.IsValid(subjectToken))
                {
                    return (
                        null,
                        OAuthError.InvalidRequest(
                            $"subject_token must be a WhatsApp wa_id ({WhatsAppIds.Description})."
                        )
                    );
                }

                channel = MessengerChannel.Whatsapp;
                break;
            default:
                return (
                    null,
                    OAuthError.InvalidRequest(
                        $"subject_token_type must be {TelegramUserIdTokenType} or {WhatsAppIdTokenType}."
                    )
                );
        }

        var delegated = telegram.Value.DelegatedScopes;
        var requested = (scope ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (requested.Where(s => !delegated.Contains(s, StringComparer.Ordinal)).ToList() is { Count: > 0 } notAllowed)
        {
            return (
                null,
                OAuthError.InvalidScope($"The bot may not act for a user with: {string.Join(' ', notAllowed)}.")
            );
        }

        var link = await db.Set<MessengerLink>()
            .AsNoTracking()
            .FirstOrDefaultAsync(l => l.Channel == channel && l.AccountId == subjectToken, cancellationToken);
        var user = link is null ? null : await users.FindByIdAsync(link.UserId.ToString());
        if (link is null || user is null)
        {
            return (
                null,
                OAuthError.InvalidGrant(
                    channel == MessengerChannel.Whatsapp
                        ? "The WhatsApp account is not linked to an account."
                        : "The Telegram user is not linked to an account."
                )
            );
        }

        if (user.IsDisabled)
        {
            return (null, OAuthError.InvalidGrant("The account is disabled."));
        }

        if (
            !await db.Set<Organization>()
                .AnyAsync(o => o.Id == user.OrganizationId && o.Status == OrganizationStatus.Active, cancellationToken)
        )
        {
            return (
                null,
                OAuthError.InvalidGrant("The account's organization is not active (pending approval or blocked).")
            );
        }

        var roles = (await users.GetRolesAsync(user)).ToList();
        if (
            !user.TwoFactorEnabled
            && await db.Roles.AnyAsync(r => roles.Contains(r.Name!) && r.RequiresTwoFactor, cancellationToken)
        )
        {
            return (
                null,
                OAuthError.InvalidGrant(
                    "The account's role requires two-factor authentication, which is not on; turn it on in the "
                        + "cabinet first."
                )
            );
        }

        var held = await matrix.ForRolesAsync(roles, cancellationToken);
        IReadOnlyCollection<string> permissions = (requested.Length > 0 ? requested : delegated)
            .Where(held.Contains)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
        await audit.SecurityAsync(
            MessengerLinks.AuditName(channel, "token_exchanged"),
            user.Id,
            new
            {
                client_id = client.ClientId,
                link_id = link.Id,
                scope = string.Join(' ', permissions),
            },
            cancellationToken
        );
        return (
            await issuer.ForActorAsync(
                user,
                roles,
                permissions,
                client.ClientId,
                link.Id,
                MessengerLinks.DelegatedAmr(channel),
                telegram.Value.DelegatedTokenLifetime,
                cancellationToken
            ),
            null
        );
    }

    /// <summary>A confidential client's authentication (its secret) and its organization's kind; the refusal is one
    /// answer for every failure.</summary>
    private async Task<(ApiClient? Client, OrganizationKind Kind, OAuthError? Error)> AuthenticateClientAsync(
        string? clientId,
        string? clientSecret,
        CancellationToken cancellationToken
    )
    {
        var client = await FindClientAsync(clientId, cancellationToken);
        if (
            client is { IsConfidential: true, SecretHash: not null, OrganizationId: not null }
            && SecretMatches(clientSecret, client.SecretHash)
            && await db.Set<Organization>()
                .Where(o => o.Id == client.OrganizationId)
                .Select(o => (OrganizationKind?)o.Kind)
                .FirstOrDefaultAsync(cancellationToken)
                is { } kind
        )
        {
            return (client, kind, null);
        }

        ClientAuthenticationFailed(logger, clientId ?? "(none)");
        await audit.SecurityAsync(
            "client.authentication_failed",
            null,
            new { client_id = clientId },
            cancellationToken
        );
        return (null, default, OAuthError.InvalidClient("The client is unknown, disabled, or its secret is wrong."));
    }

    /// <summary>RFC 7009: revokes a refresh token (and its family). Unknown tokens are not an error.</summary>
    public async Task<OAuthError?> RevokeAsync(string? clientId, string? token, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(clientId) || string.IsNullOrEmpty(token))
        {
            return OAuthError.InvalidRequest("client_id and token are required.");
        }

        var hash = SecretHash.Of(token);
        var stored = await db.Set<RefreshToken>()
            .AsNoTracking()
            .FirstOrDefaultAsync(t => t.TokenHash == hash, cancellationToken);
        if (stored is not null && stored.ClientId == clientId)
        {
            await signIns.RevokeAsync(stored.UserId, stored.FamilyId, cancellationToken);
            await audit.SecurityAsync(
                "signin.revoked",
                stored.UserId,
                new { sign_in = stored.FamilyId, client_id = clientId },
                cancellationToken
            );
        }

        return null;
    }

    public static bool SecretMatches(string? secret, string expectedHash) =>
        secret is not null
        && CryptographicOperations.FixedTimeEquals(
            Encoding.ASCII.GetBytes(SecretHash.Of(secret)),
            Encoding.ASCII.GetBytes(expectedHash)
        );

    private async Task<TokenResponse> IssueAsync(
        MakUser user,
        string clientId,
        SignInProof proof,
        Guid? family,
        CancellationToken cancellationToken
    )
    {
        var roles = (await users.GetRolesAsync(user)).ToList();

        // A role that requires two-factor authentication gets, without it, a token that can only turn it on.
        var enrolmentOnly =
            !user.TwoFactorEnabled
            && await db.Roles.AnyAsync(r => roles.Contains(r.Name!) && r.RequiresTwoFactor, cancellationToken);
        IReadOnlyCollection<string> permissions = enrolmentOnly
            ? []
            : (await matrix.ForRolesAsync(roles, cancellationToken)).Order(StringComparer.Ordinal).ToList();
        return await issuer.ForUserAsync(
            user,
            roles,
            permissions,
            clientId,
            proof,
            family,
            enrolmentOnly,
            cancellationToken
        );
    }

    private async Task FailedAsync(string username, Guid? userId, string reason, CancellationToken cancellationToken)
    {
        SignInFailed(logger, username, reason);
        await audit.SecurityAsync("signin.failed", userId, new { username, reason }, cancellationToken);
    }

    private Task<ApiClient?> FindClientAsync(string? clientId, CancellationToken cancellationToken) =>
        string.IsNullOrEmpty(clientId)
            ? Task.FromResult<ApiClient?>(null)
            : db.Set<ApiClient>()
                .AsNoTracking()
                .FirstOrDefaultAsync(c => c.ClientId == clientId && c.IsEnabled, cancellationToken);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sign-in failed for {Username}: {Reason}")]
    private static partial void SignInFailed(ILogger logger, string username, string reason);

    [LoggerMessage(
        Level = LogLevel.Warning,
        Message = "Refresh token reuse for user {UserId}: family {FamilyId} revoked"
    )]
    private static partial void RefreshTokenReused(ILogger logger, Guid userId, Guid familyId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Client authentication failed for {ClientId}")]
    private static partial void ClientAuthenticationFailed(ILogger logger, string clientId);
}
