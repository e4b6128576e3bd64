using MakCrm.Application.Abstractions.Security;
using MakCrm.Domain.Common;
using MakCrm.Domain.Integrations;
using MakCrm.Infrastructure.AmoCrm;
using MakCrm.Infrastructure.Auditing;
using MakCrm.WebApi.Auth;
using MakCrm.WebApi.Http;
using MakCrm.WebApi.Wire;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MakCrm.WebApi.Endpoints;

/// <summary>Head office's amoCRM account: connect it with a long-lived token, read the state, disconnect.</summary>
internal sealed class AmoCrmEndpoints : IEndpointGroup
{
    public const string Path = "/api/v1/integrations/amocrm/connection";

    public void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(Path);
        group.MapGet("/", Get).WithName("getAmoCrmConnection");
        group.MapPost("/", Connect).WithName("connectAmoCrm").RequiresRecentTwoFactor();
        group.MapDelete("/", Disconnect).WithName("disconnectAmoCrm");
        var oauth = app.MapGroup(OAuthPath);
        oauth.MapPost("/", StartOAuth).WithName("startAmoCrmOAuth").RequiresRecentTwoFactor();
        oauth.MapPost("/callback", CompleteOAuth).WithName("completeAmoCrmOAuth");
    }

    private const string OAuthPath = "/api/v1/integrations/amocrm/oauth";

    private static async Task<Results<JsonCreated<Contracts.AmoCrmOAuthStart>, ProblemHttpResult>> StartOAuth(
        Body<Contracts.StartAmoCrmOAuthRequest> body,
        AmoCrmConnecting connecting,
        IRequestContext caller,
        CancellationToken cancellationToken
    )
    {
        var request = body.Value;
        var errors = new Dictionary<string, string[]>();
        var baseUrl = BaseUrlOf(request.BaseUrl);
        if (baseUrl is null)
        {
            errors["baseUrl"] = [BaseUrlRule];
        }

        if (
            request.RedirectUri.Length > 500
            || !Uri.TryCreate(request.RedirectUri, UriKind.Absolute, out var redirect)
            || redirect.Scheme != "https"
        )
        {
            errors["redirectUri"] =
            [
                "Must be the https redirect URI registered for the integration (500 characters at most).",
            ];
        }

        if (string.IsNullOrWhiteSpace(request.ClientId) || request.ClientId.Length > 200)
        {
            errors["clientId"] = ["Must be the integration's id (200 characters at most)."];
        }

        if (string.IsNullOrWhiteSpace(request.ClientSecret) || request.ClientSecret.Length > 500)
        {
            errors["clientSecret"] = ["Must be the integration's secret key (500 characters at most)."];
        }

        if (errors.Count > 0 || caller.UserId is not { } userId)
        {
            return Problems.From(Error.Validation(errors));
        }

        var client = new AmoCrmOAuthClient(request.ClientId.Trim(), request.ClientSecret, request.RedirectUri);
        var started = await connecting.StartOAuthAsync(baseUrl!, client, userId, cancellationToken);
        return started.IsSuccess
            ? JsonAnswer.Created(
                (string?)null,
                new Contracts.AmoCrmOAuthStart(
                    started.Value.AuthorizeUrl.ToString(),
                    started.Value.State,
                    started.Value.ExpiresAt
                )
            )
            : Problems.From(started.Error!);
    }

    private static async Task<Results<JsonCreated<Contracts.AmoCrmConnection>, ProblemHttpResult>> CompleteOAuth(
        Body<Contracts.CompleteAmoCrmOAuthRequest> body,
        AmoCrmConnecting connecting,
        IRequestContext caller,
        AuditTrail audit,
        TimeProvider clock,
        CancellationToken cancellationToken
    )
    {
        if (string.IsNullOrWhiteSpace(body.Value.Code))
        {
            return Problems.From(Error.Validation("code", "Must be the code amoCRM sent to the redirect URI."));
        }

        var connected = await connecting.CompleteOAuthAsync(
            body.Value.State,
            body.Value.Code,
            caller.UserId ?? Guid.Empty,
            view => audit.Security("amocrm.connected", null, Details(view)),
            cancellationToken
        );
        return connected.IsSuccess
            ? JsonAnswer.Created(Path, Wire(connected.Value, clock))
            : Problems.From(connected.Error!);
    }

    private static async Task<Results<JsonOk<Contracts.AmoCrmConnection>, ProblemHttpResult>> Get(
        AmoCrmConnecting connecting,
        TimeProvider clock,
        CancellationToken cancellationToken
    ) =>
        await connecting.CurrentAsync(cancellationToken) is { } view
            ? JsonAnswer.Ok(Wire(view, clock))
            : Problems.From(NotConnected);

    private static async Task<Results<JsonCreated<Contracts.AmoCrmConnection>, ProblemHttpResult>> Connect(
        Body<Contracts.ConnectAmoCrmRequest> body,
        AmoCrmConnecting connecting,
        AuditTrail audit,
        TimeProvider clock,
        CancellationToken cancellationToken
    )
    {
        if (BaseUrlOf(body.Value.BaseUrl) is not { } baseUrl)
        {
            return Problems.From(Error.Validation("baseUrl", BaseUrlRule));
        }

        if (string.IsNullOrWhiteSpace(body.Value.Token))
        {
            return Problems.From(Error.Validation("token", "Must be the long-lived token amoCRM shows."));
        }

        var connected = await connecting.ConnectLongLivedAsync(
            baseUrl,
            body.Value.Token.Trim(),
            view => audit.Security("amocrm.connected", null, Details(view)),
            cancellationToken
        );
        return connected.IsSuccess
            ? JsonAnswer.Created(Path, Wire(connected.Value, clock))
            : Problems.From(connected.Error!);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Disconnect(
        AmoCrmConnecting connecting,
        AuditTrail audit,
        CancellationToken cancellationToken
    ) =>
        await connecting.DisconnectAsync(
            view => audit.Security("amocrm.disconnected", null, Details(view)),
            cancellationToken
        )
            ? TypedResults.NoContent()
            : Problems.From(NotConnected);

    private const string BaseUrlRule =
        "Must be the account's address, https://<subdomain>.amocrm.ru (http only on this machine).";

    private static readonly Error NotConnected = new(
        ErrorCodes.NotFound,
        "No amoCRM account is connected.",
        ErrorKind.NotFound
    );

    private static object Details(AmoCrmConnectionView view) =>
        new
        {
            connection_id = view.Id,
            account_id = view.AccountId,
            base_url = view.BaseUrl,
            auth_kind = view.AuthKind,
        };

    /// <summary>An account's address: http(s) with nothing after the host, and plain http only to this machine
    /// (the simulator).</summary>
    private static Uri? BaseUrlOf(string? text) =>
        text is { Length: <= 200 }
        && Uri.TryCreate(text.Trim(), UriKind.Absolute, out var url)
        && (url.Scheme == Uri.UriSchemeHttps || (url.Scheme == Uri.UriSchemeHttp && url.IsLoopback))
        && url.AbsolutePath == "/"
        && url.Query.Length == 0
        && url.UserInfo.Length == 0
            ? new Uri(url.GetLeftPart(UriPartial.Authority) + "/")
            : null;

    private static Contracts.AmoCrmConnection Wire(AmoCrmConnectionView view, TimeProvider clock) =>
        new(
            view.Id,
            view.AccountId,
            view.BaseUrl,
            Enum.Parse<AmoCrmAuthKind>(view.AuthKind.Replace("_", ""), ignoreCase: true),
            Enum.Parse<Domain.Integrations.AmoCrmConnectionState>(view.State.Replace("_", ""), ignoreCase: true),
            view.TokenExpiresAt,
            view.AuthKind == AmoCrmConnections.LongLived
                && view.TokenExpiresAt - clock.GetUtcNow() < AmoCrmConnecting.ExpiryWarning,
            view.LastError,
            view.ConnectedAt
        );
}
