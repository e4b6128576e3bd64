using MakCrm.Application.Abstractions.Integrations;

namespace MakCrm.Application.AmoCrm;

/// <summary>Connect head office's amoCRM account with a private integration's long-lived token.</summary>
public sealed record ConnectAmoCrmCommand(string? BaseUrl, string? Token) : ICommand<Contracts.AmoCrmConnection>;

/// <summary>Start connecting amoCRM with OAuth 2.0: keep the integration's client, answer where to allow it.</summary>
public sealed record StartAmoCrmOAuthCommand(
    string? BaseUrl,
    string? ClientId,
    string? ClientSecret,
    string? RedirectUri
) : ICommand<Contracts.AmoCrmOAuthStart>;

/// <summary>Finish connecting amoCRM with the <c>code</c> and <c>state</c> amoCRM sent to the redirect URI.</summary>
public sealed record CompleteAmoCrmOAuthCommand(string? State, string? Code) : ICommand<Contracts.AmoCrmConnection>;

/// <summary>Forget the connection and its tokens (what was imported stays, with its links).</summary>
public sealed record DisconnectAmoCrmCommand : ICommand<Unit>;

public sealed record GetAmoCrmConnectionQuery : IQuery<Contracts.AmoCrmConnection>;

/// <summary>The rules of an amoCRM account's address and the connection's answer.</summary>
public static class AmoCrmConnectionRules
{
    /// <summary>How long before a long-lived token's expiry the connection warns about it.</summary>
    public static readonly TimeSpan ExpiryWarning = TimeSpan.FromDays(14);

    private const string BaseUrlRule =
        "Must be the account's address, https://<subdomain>.amocrm.ru (http only on this machine).";

    /// <summary>An account's address: http(s) with nothing after the host, and plain http only to this machine
    /// (the simulator).</summary>
    public static Uri? BaseUrlOf(string? text) =>
        text is { Length: <= 200 }
        && Uri.TryCreate(text.Trim(), UriKind.Absolute, out var url)
        && (url.Scheme == Uri.UriSchemeHttps || (url.Scheme == Uri.UriSchemeHttp && url.IsLoopback))
        && url.AbsolutePath == "/"
        && url.Query.Length == 0
        && url.UserInfo.Length == 0
            ? new Uri(url.GetLeftPart(UriPartial.Authority) + "/")
            : null;

    internal static IRuleBuilderOptions<T, string?> ValidBaseUrl<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(url => BaseUrlOf(url) is not null).WithMessage(BaseUrlRule);

    public static Error NotConnected => new(ErrorCodes.NotFound, "No amoCRM account is connected.", ErrorKind.NotFound);

    internal static Contracts.AmoCrmConnection ToContract(AmoCrmConnectionView view, TimeProvider clock) =>
        new(
            view.Id,
            view.AccountId,
            view.BaseUrl,
            view.AuthKind,
            view.State,
            view.TokenExpiresAt,
            view.AuthKind == Domain.Integrations.AmoCrmAuthKind.LongLived
                && view.TokenExpiresAt - clock.GetUtcNow() < ExpiryWarning,
            view.LastError,
            view.ConnectedAt
        );
}

internal sealed class ConnectAmoCrmValidator : AbstractValidator<ConnectAmoCrmCommand>
{
    public ConnectAmoCrmValidator()
    {
        RuleFor(c => c.BaseUrl).ValidBaseUrl();
        RuleFor(c => c.Token)
            .Must(token => !string.IsNullOrWhiteSpace(token))
            .WithMessage("Must be the long-lived token amoCRM shows.");
    }
}

internal sealed class StartAmoCrmOAuthValidator : AbstractValidator<StartAmoCrmOAuthCommand>
{
    public StartAmoCrmOAuthValidator()
    {
        RuleFor(c => c.BaseUrl).ValidBaseUrl();
        RuleFor(c => c.RedirectUri)
            .Must(uri =>
                uri is { Length: <= 500 }
                && Uri.TryCreate(uri, UriKind.Absolute, out var redirect)
                && redirect.Scheme == Uri.UriSchemeHttps
            )
            .WithMessage("Must be the https redirect URI registered for the integration (500 characters at most).");
        RuleFor(c => c.ClientId)
            .Must(id => !string.IsNullOrWhiteSpace(id) && id.Length <= 200)
            .WithMessage("Must be the integration's id (200 characters at most).");
        RuleFor(c => c.ClientSecret)
            .Must(secret => !string.IsNullOrWhiteSpace(secret) && secret.Length <= 500)
            .WithMessage("Must be the integration's secret key (500 characters at most).");
    }
}

internal sealed class CompleteAmoCrmOAuthValidator : AbstractValidator<CompleteAmoCrmOAuthCommand>
{
    public CompleteAmoCrmOAuthValidator()
    {
        RuleFor(c => c.Code)
            .Must(code => !string.IsNullOrWhiteSpace(code))
            .WithMessage("Must be the code amoCRM sent to the redirect URI.");
        RuleFor(c => c.State)
            .Must(state => !string.IsNullOrWhiteSpace(state))
            .WithMessage("Must be the state startAmoCrmOAuth answered.");
    }
}

internal sealed class ConnectAmoCrmHandler(IAmoCrmAccount account, TimeProvider clock)
    : ICommandHandler<ConnectAmoCrmCommand, Contracts.AmoCrmConnection>
{
    public async Task<Result<Contracts.AmoCrmConnection>> Handle(
        ConnectAmoCrmCommand command,
        CancellationToken cancellationToken
    )
    {
        var baseUrl = AmoCrmConnectionRules.BaseUrlOf(command.BaseUrl)!;
        var connected = await account.ConnectLongLivedAsync(baseUrl, command.Token!.Trim(), cancellationToken);
        return connected.IsSuccess ? AmoCrmConnectionRules.ToContract(connected.Value, clock) : connected.Error!;
    }
}

internal sealed class StartAmoCrmOAuthHandler(IAmoCrmAccount account, IRequestContext caller)
    : ICommandHandler<StartAmoCrmOAuthCommand, Contracts.AmoCrmOAuthStart>
{
    public async Task<Result<Contracts.AmoCrmOAuthStart>> Handle(
        StartAmoCrmOAuthCommand command,
        CancellationToken cancellationToken
    )
    {
        if (caller.UserId is not { } userId)
        {
            return OAuthNeedsAUser;
        }

        var client = new AmoCrmOAuthClient(command.ClientId!.Trim(), command.ClientSecret!, command.RedirectUri!);
        var baseUrl = AmoCrmConnectionRules.BaseUrlOf(command.BaseUrl)!;
        var started = await account.StartOAuthAsync(baseUrl, client, userId, cancellationToken);
        return started.IsSuccess
            ? new Contracts.AmoCrmOAuthStart(
                started.Value.AuthorizeUrl.ToString(),
                started.Value.State,
                started.Value.ExpiresAt
            )
            : started.Error!;
    }

    /// <summary>The state is the admin's: an API client (which never holds the permission) has none.</summary>
    internal static Error OAuthNeedsAUser =>
        new(ErrorCodes.Forbidden, "Connecting amoCRM is done by a signed-in admin.", ErrorKind.Forbidden);
}

internal sealed class CompleteAmoCrmOAuthHandler(IAmoCrmAccount account, IRequestContext caller, TimeProvider clock)
    : ICommandHandler<CompleteAmoCrmOAuthCommand, Contracts.AmoCrmConnection>
{
    public async Task<Result<Contracts.AmoCrmConnection>> Handle(
        CompleteAmoCrmOAuthCommand command,
        CancellationToken cancellationToken
    )
    {
        if (caller.UserId is not { } userId)
        {
            return StartAmoCrmOAuthHandler.OAuthNeedsAUser;
        }

        var connected = await account.CompleteOAuthAsync(command.State!, command.Code!, userId, cancellationToken);
        return connected.IsSuccess ? AmoCrmConnectionRules.ToContract(connected.Value, clock) : connected.Error!;
    }
}

internal sealed class DisconnectAmoCrmHandler(IAmoCrmAccount account) : ICommandHandler<DisconnectAmoCrmCommand, Unit>
{
    public async Task<Result<Unit>> Handle(DisconnectAmoCrmCommand command, CancellationToken cancellationToken) =>
        await account.DisconnectAsync(cancellationToken) is null ? AmoCrmConnectionRules.NotConnected : Unit.Value;
}

internal sealed class GetAmoCrmConnectionHandler(IAmoCrmAccount account, TimeProvider clock)
    : IQueryHandler<GetAmoCrmConnectionQuery, Contracts.AmoCrmConnection>
{
    public async Task<Result<Contracts.AmoCrmConnection>> Handle(
        GetAmoCrmConnectionQuery query,
        CancellationToken cancellationToken
    ) =>
        await account.CurrentAsync(cancellationToken) is { } view
            ? AmoCrmConnectionRules.ToContract(view, clock)
            : AmoCrmConnectionRules.NotConnected;
}
