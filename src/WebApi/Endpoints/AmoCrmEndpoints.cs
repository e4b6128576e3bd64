using System.Globalization;
using MakCrm.Application.AmoCrm;
using MakCrm.Domain.Common;
using MakCrm.WebApi.Auth;
using MakCrm.WebApi.Wire;
using Microsoft.AspNetCore.Mvc;

namespace MakCrm.WebApi.Endpoints;

/// <summary>Head office's amoCRM account: connect it (a long-lived token or OAuth), read it, disconnect; its mapping
/// to MaK, the dry run of its import, and the import itself with its dead letters.</summary>
internal sealed class AmoCrmEndpoints : IEndpointGroup
{
    public const string Path = "/api/v1/integrations/amocrm/connection";

    private const string OAuthPath = "/api/v1/integrations/amocrm/oauth";

    private const string MappingPath = "/api/v1/integrations/amocrm/mapping";

    private const string ImportsPath = "/api/v1/integrations/amocrm/imports";

    public void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(Path);
        group.MapGet("/", Get).WithName("getAmoCrmConnection");
        group.MapPost("/", Connect).WithName("connectAmoCrm").RequiresRecentTwoFactor();
        group.MapDelete("/", Disconnect).WithName("disconnectAmoCrm");
        var oauth = app.MapGroup(OAuthPath);
        oauth.MapPost("/", StartOAuth).WithName("startAmoCrmOAuth").RequiresRecentTwoFactor();
        oauth.MapPost("/callback", CompleteOAuth).WithName("completeAmoCrmOAuth");
        app.MapGet(MappingPath, GetMapping).WithName("getAmoCrmMapping");
        app.MapPut(MappingPath, ReplaceMapping).WithName("replaceAmoCrmMapping");
        app.MapGet("/api/v1/integrations/amocrm/import-preview", PreviewImport).WithName("previewAmoCrmImport");
        var imports = app.MapGroup(ImportsPath);
        imports.MapPost("/", StartImport).WithName("startAmoCrmImport");
        imports.MapGet("/{id:guid}", GetImport).WithName("getAmoCrmImport");
        imports.MapGet("/{id:guid}/dead-letters", DeadLetters).WithName("listAmoCrmDeadLetters");
        app.MapPost("/api/v1/integrations/amocrm/dead-letters/{id:guid}/retry", RetryDeadLetter)
            .WithName("retryAmoCrmDeadLetter");
    }

    private static async Task<Results<JsonAccepted<Contracts.AmoCrmImport>, ProblemHttpResult>> StartImport(
        ICommandHandler<StartAmoCrmImportCommand, Contracts.AmoCrmImport> handler,
        CancellationToken cancellationToken
    ) =>
        Respond.Accepted(
            await handler.Handle(new StartAmoCrmImportCommand(), cancellationToken),
            started => $"{ImportsPath}/{started.Id}"
        );

    private static async Task<Results<JsonOk<Contracts.AmoCrmImport>, ProblemHttpResult>> GetImport(
        Guid id,
        IQueryHandler<GetAmoCrmImportQuery, Contracts.AmoCrmImport> handler,
        CancellationToken cancellationToken
    ) => Respond.Value(await handler.Handle(new GetAmoCrmImportQuery(id), cancellationToken));

    private static async Task<Results<JsonOk<Contracts.AmoCrmDeadLetterPage>, ProblemHttpResult>> DeadLetters(
        Guid id,
        [AsParameters] ListAmoCrmDeadLettersParameters query,
        IQueryHandler<ListAmoCrmDeadLettersQuery, Contracts.AmoCrmDeadLetterPage> handler,
        CancellationToken cancellationToken
    ) =>
        Respond.Value(
            await handler.Handle(
                new ListAmoCrmDeadLettersQuery(id, query.Resolved, query.Cursor, query.Limit),
                cancellationToken
            )
        );

    private static async Task<Results<JsonOk<Contracts.AmoCrmDeadLetter>, ProblemHttpResult>> RetryDeadLetter(
        Guid id,
        ICommandHandler<RetryAmoCrmDeadLetterCommand, Contracts.AmoCrmDeadLetter> handler,
        CancellationToken cancellationToken
    ) => Respond.Value(await handler.Handle(new RetryAmoCrmDeadLetterCommand(id), cancellationToken));

    private static async Task<Results<JsonOk<Contracts.AmoCrmMapping>, ProblemHttpResult>> GetMapping(
        HttpResponse response,
        IQueryHandler<GetAmoCrmMappingQuery, Contracts.AmoCrmMapping> handler,
        CancellationToken cancellationToken
    ) => Tagged(response, await handler.Handle(new GetAmoCrmMappingQuery(), cancellationToken));

    private static async Task<Results<JsonOk<Contracts.AmoCrmMapping>, ProblemHttpResult>> ReplaceMapping(
        [FromHeader(Name = "If-Match")] string? ifMatch,
        HttpResponse response,
        Body<Contracts.ReplaceAmoCrmMappingRequest> body,
        ICommandHandler<ReplaceAmoCrmMappingCommand, Contracts.AmoCrmMapping> handler,
        CancellationToken cancellationToken
    ) => Tagged(response, await handler.Handle(body.Value.ToCommand(ETag.IfMatch(ifMatch)), cancellationToken));

    /// <summary>The mapping with its version as its ETag.</summary>
    private static Results<JsonOk<Contracts.AmoCrmMapping>, ProblemHttpResult> Tagged(
        HttpResponse response,
        Result<Contracts.AmoCrmMapping> result
    ) =>
        Respond.Tagged(
            response,
            result,
            static mapping => mapping.Version.ToString(CultureInfo.InvariantCulture),
            static mapping => mapping
        );

    private static async Task<Results<JsonOk<Contracts.AmoCrmImportPreview>, ProblemHttpResult>> PreviewImport(
        IQueryHandler<PreviewAmoCrmImportQuery, Contracts.AmoCrmImportPreview> handler,
        CancellationToken cancellationToken
    ) => Respond.Value(await handler.Handle(new PreviewAmoCrmImportQuery(), cancellationToken));

    private static async Task<Results<JsonOk<Contracts.AmoCrmConnection>, ProblemHttpResult>> Get(
        IQueryHandler<GetAmoCrmConnectionQuery, Contracts.AmoCrmConnection> handler,
        CancellationToken cancellationToken
    ) => Respond.Value(await handler.Handle(new GetAmoCrmConnectionQuery(), cancellationToken));

    private static async Task<Results<JsonCreated<Contracts.AmoCrmConnection>, ProblemHttpResult>> Connect(
        Body<Contracts.ConnectAmoCrmRequest> body,
        ICommandHandler<ConnectAmoCrmCommand, Contracts.AmoCrmConnection> handler,
        CancellationToken cancellationToken
    ) =>
        Respond.CreatedAt(
            await handler.Handle(new ConnectAmoCrmCommand(body.Value.BaseUrl, body.Value.Token), cancellationToken),
            _ => Path
        );

    private static async Task<Results<NoContent, ProblemHttpResult>> Disconnect(
        ICommandHandler<DisconnectAmoCrmCommand, Unit> handler,
        CancellationToken cancellationToken
    ) => Respond.NoContent(await handler.Handle(new DisconnectAmoCrmCommand(), cancellationToken));

    private static async Task<Results<JsonCreated<Contracts.AmoCrmOAuthStart>, ProblemHttpResult>> StartOAuth(
        Body<Contracts.StartAmoCrmOAuthRequest> body,
        ICommandHandler<StartAmoCrmOAuthCommand, Contracts.AmoCrmOAuthStart> handler,
        CancellationToken cancellationToken
    )
    {
        var request = body.Value;
        var started = await handler.Handle(
            new StartAmoCrmOAuthCommand(request.BaseUrl, request.ClientId, request.ClientSecret, request.RedirectUri),
            cancellationToken
        );
        return started.IsSuccess ? JsonAnswer.Created((string?)null, started.Value) : Problems.From(started.Error!);
    }

    private static async Task<Results<JsonCreated<Contracts.AmoCrmConnection>, ProblemHttpResult>> CompleteOAuth(
        Body<Contracts.CompleteAmoCrmOAuthRequest> body,
        ICommandHandler<CompleteAmoCrmOAuthCommand, Contracts.AmoCrmConnection> handler,
        CancellationToken cancellationToken
    ) =>
        Respond.CreatedAt(
            await handler.Handle(new CompleteAmoCrmOAuthCommand(body.Value.State, body.Value.Code), cancellationToken),
            _ => Path
        );
}
