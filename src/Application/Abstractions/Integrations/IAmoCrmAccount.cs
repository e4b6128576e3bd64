using MakCrm.Domain.Integrations;

namespace MakCrm.Application.Abstractions.Integrations;

/// <summary>An amoCRM OAuth integration: its client id and secret and the redirect URI registered for it.</summary>
public sealed record AmoCrmOAuthClient(string ClientId, string ClientSecret, string RedirectUri);

/// <summary>Head office's connection to amoCRM as an admin sees it: never a secret.</summary>
public sealed record AmoCrmConnectionView(
    Guid Id,
    long AccountId,
    string BaseUrl,
    AmoCrmAuthKind AuthKind,
    AmoCrmConnectionState State,
    DateTimeOffset TokenExpiresAt,
    string? LastError,
    DateTimeOffset ConnectedAt
);

/// <summary>Where to send the admin to allow the integration in amoCRM, with the one-time <c>state</c>.</summary>
public sealed record AmoCrmOAuthStarted(Uri AuthorizeUrl, string State, DateTimeOffset ExpiresAt);

/// <summary>
/// Head office's amoCRM account (one account: the first release connects one). What is stored is written in the
/// command's transaction, with its audit line, serialised across instances so that two admins connecting at once get
/// one connection and one <c>amocrm_already_connected</c>; what is checked in amoCRM is checked before anything is
/// stored.
/// </summary>
public interface IAmoCrmAccount
{
    /// <summary>The connected account, or null when none is.</summary>
    Task<AmoCrmConnectionView?> CurrentAsync(CancellationToken cancellationToken);

    /// <summary>Checks a long-lived token by one call to the account at <paramref name="baseUrl"/> and stores the
    /// connection; a refused token, a blocked or unreachable account, or an account already connected stores
    /// nothing.</summary>
    Task<Result<AmoCrmConnectionView>> ConnectLongLivedAsync(
        Uri baseUrl,
        string token,
        CancellationToken cancellationToken
    );

    /// <summary>Keeps <paramref name="client"/> with a new one-time <c>state</c> for <paramref name="userId"/> and
    /// answers amoCRM's page that asks to allow the integration.</summary>
    Task<Result<AmoCrmOAuthStarted>> StartOAuthAsync(
        Uri baseUrl,
        AmoCrmOAuthClient client,
        Guid userId,
        CancellationToken cancellationToken
    );

    /// <summary>
    /// Takes the <c>state</c> <paramref name="userId"/> started (once, unexpired), exchanges <paramref name="code"/>
    /// at the token endpoint of the account the state was started for, checks that the tokens are that account's,
    /// and stores the connection.
    /// </summary>
    Task<Result<AmoCrmConnectionView>> CompleteOAuthAsync(
        string state,
        string code,
        Guid userId,
        CancellationToken cancellationToken
    );

    /// <summary>Forgets the connection and its tokens; null when no account is connected.</summary>
    Task<AmoCrmConnectionView?> DisconnectAsync(CancellationToken cancellationToken);
}
