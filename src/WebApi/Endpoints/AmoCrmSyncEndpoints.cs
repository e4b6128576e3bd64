using System.Globalization;
using MakCrm.Application.AmoCrm;
using MakCrm.Domain.Common;
using MakCrm.WebApi.Wire;

namespace MakCrm.WebApi.Endpoints;

/// <summary>The live sync with amoCRM: amoCRM's webhook deliveries, and the sync's start, state, pause, resume,
/// replay, directions, failures and conflicts.</summary>
internal sealed class AmoCrmSyncEndpoints : IEndpointGroup
{
    public const string Path = "/api/v1/integrations/amocrm/sync";

    private const string WebhookRoute = "/api/v1/integrations/amocrm/webhooks/{secret}";

    public void Map(IEndpointRouteBuilder app)
    {
        // The secret is the path's last segment: logs and traces record the route template instead (SecretInPath).
        app.MapPost(WebhookRoute, Receive)
            .WithName("receiveAmoCrmWebhook")
            .Accepts<Dictionary<string, string>>("application/x-www-form-urlencoded")
            .WithMetadata(SecretInPath.For(WebhookRoute));
        var group = app.MapGroup(Path);
        group.MapPost("/", Start).WithName("startAmoCrmSync");
        group.MapGet("/", Get).WithName("getAmoCrmSync");
        group.MapPost("/pause", Pause).WithName("pauseAmoCrmSync");
        group.MapPost("/resume", Resume).WithName("resumeAmoCrmSync");
        group.MapPost("/replay", Replay).WithName("replayAmoCrmSync");
        group.MapPut("/directions", ReplaceDirections).WithName("replaceAmoCrmSyncDirections");
        group.MapGet("/failures", Failures).WithName("listAmoCrmSyncFailures");
        group.MapPost("/failures/{id:guid}/retry", RetryFailure).WithName("retryAmoCrmSyncFailure");
        app.MapGet("/api/v1/integrations/amocrm/conflicts", Conflicts).WithName("listAmoCrmConflicts");
    }

    /// <summary>Stores the delivery as it came (the raw form) after checking it is a readable form of the sync's
    /// account; amoCRM waits about two seconds, so nothing more is done here.</summary>
    private static async Task<Results<NoContent, ProblemHttpResult>> Receive(
        string secret,
        HttpRequest request,
        ICommandHandler<ReceiveAmoCrmWebhookCommand, Unit> handler,
        CancellationToken cancellationToken
    )
    {
        if (!request.HasFormContentType)
        {
            return Problems.From(
                new Error(
                    ErrorCodes.UnsupportedMediaType,
                    "Send amoCRM's form (application/x-www-form-urlencoded).",
                    ErrorKind.UnsupportedMediaType
                )
            );
        }

        request.EnableBuffering();
        string body;
        using (var reader = new StreamReader(request.Body, leaveOpen: true))
        {
            body = await reader.ReadToEndAsync(cancellationToken);
        }

        request.Body.Position = 0;
        var form = await FormBody.ReadAsync(request, cancellationToken);
        if (!form.IsSuccess)
        {
            return Problems.From(form.Error!);
        }

        long? accountId = long.TryParse(
            form.Value["account[id]"].ToString(),
            NumberStyles.None,
            CultureInfo.InvariantCulture,
            out var id
        )
            ? id
            : null;
        return Respond.NoContent(
            await handler.Handle(new ReceiveAmoCrmWebhookCommand(secret, accountId, body), cancellationToken)
        );
    }

    private static async Task<Results<JsonCreated<Contracts.AmoCrmSync>, ProblemHttpResult>> Start(
        Body<Contracts.StartAmoCrmSyncRequest> body,
        ICommandHandler<StartAmoCrmSyncCommand, Contracts.AmoCrmSync> handler,
        CancellationToken cancellationToken
    ) =>
        Respond.CreatedAt(
            await handler.Handle(new StartAmoCrmSyncCommand(body.Value.PublicBaseUrl), cancellationToken),
            _ => Path
        );

    private static async Task<Results<JsonOk<Contracts.AmoCrmSync>, ProblemHttpResult>> Get(
        IQueryHandler<GetAmoCrmSyncQuery, Contracts.AmoCrmSync> handler,
        CancellationToken cancellationToken
    ) => Respond.Value(await handler.Handle(new GetAmoCrmSyncQuery(), cancellationToken));

    private static async Task<Results<JsonOk<Contracts.AmoCrmSync>, ProblemHttpResult>> Pause(
        ICommandHandler<SetAmoCrmSyncStateCommand, Contracts.AmoCrmSync> handler,
        CancellationToken cancellationToken
    ) =>
        Respond.Value(
            await handler.Handle(new SetAmoCrmSyncStateCommand(Contracts.AmoCrmSyncState.Paused), cancellationToken)
        );

    private static async Task<Results<JsonOk<Contracts.AmoCrmSync>, ProblemHttpResult>> Resume(
        ICommandHandler<SetAmoCrmSyncStateCommand, Contracts.AmoCrmSync> handler,
        CancellationToken cancellationToken
    ) =>
        Respond.Value(
            await handler.Handle(new SetAmoCrmSyncStateCommand(Contracts.AmoCrmSyncState.Running), cancellationToken)
        );

    /// <summary>Accepted: the poll's next round reads the changes again.</summary>
    private static async Task<Results<JsonAccepted<Contracts.AmoCrmSync>, ProblemHttpResult>> Replay(
        Body<Contracts.ReplayAmoCrmSyncRequest> body,
        ICommandHandler<ReplayAmoCrmSyncCommand, Contracts.AmoCrmSync> handler,
        CancellationToken cancellationToken
    ) => Respond.Accepted(await handler.Handle(body.Value.ToCommand(), cancellationToken));

    private static async Task<Results<JsonOk<Contracts.AmoCrmSync>, ProblemHttpResult>> ReplaceDirections(
        Body<Contracts.ReplaceAmoCrmSyncDirectionsRequest> body,
        ICommandHandler<ReplaceAmoCrmSyncDirectionsCommand, Contracts.AmoCrmSync> handler,
        CancellationToken cancellationToken
    ) => Respond.Value(await handler.Handle(body.Value.ToCommand(), cancellationToken));

    private static async Task<Results<JsonOk<Contracts.AmoCrmSyncFailurePage>, ProblemHttpResult>> Failures(
        [AsParameters] ListAmoCrmSyncFailuresParameters query,
        IQueryHandler<ListAmoCrmSyncFailuresQuery, Contracts.AmoCrmSyncFailurePage> handler,
        CancellationToken cancellationToken
    ) =>
        Respond.Value(
            await handler.Handle(
                new ListAmoCrmSyncFailuresQuery(query.Kind?.Value, query.Cursor, query.Limit),
                cancellationToken
            )
        );

    /// <summary>Accepted: the sync's workers try it again.</summary>
    private static async Task<Results<JsonAccepted<Contracts.AmoCrmSyncFailure>, ProblemHttpResult>> RetryFailure(
        Guid id,
        ICommandHandler<RetryAmoCrmSyncFailureCommand, Contracts.AmoCrmSyncFailure> handler,
        CancellationToken cancellationToken
    ) => Respond.Accepted(await handler.Handle(new RetryAmoCrmSyncFailureCommand(id), cancellationToken));

    private static async Task<Results<JsonOk<Contracts.AmoCrmConflictPage>, ProblemHttpResult>> Conflicts(
        [AsParameters] ListAmoCrmConflictsParameters query,
        IQueryHandler<ListAmoCrmConflictsQuery, Contracts.AmoCrmConflictPage> handler,
        CancellationToken cancellationToken
    ) =>
        Respond.Value(await handler.Handle(new ListAmoCrmConflictsQuery(query.Cursor, query.Limit), cancellationToken));
}
