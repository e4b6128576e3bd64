using MakCrm.Application.Access;
using MakCrm.Contracts;
using MakCrm.WebApi.Auth;
using MakCrm.WebApi.Wire;
using Microsoft.Extensions.Options;

namespace MakCrm.WebApi.Endpoints;

internal sealed class ApiClientEndpoints : IEndpointGroup
{
    public void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/api-clients");
        group.MapGet("/", List).WithName("listApiClients");
        group.MapPost("/", Register).WithName("registerApiClient").RequiresRecentTwoFactor();
        group
            .MapPost(
                "/{clientId}/disable",
                (
                    string clientId,
                    ICommandHandler<SetApiClientEnabledCommand, Contracts.ApiClient> handler,
                    CancellationToken ct
                ) => SetEnabled(clientId, false, handler, ct)
            )
            .WithName("disableApiClient");
        group
            .MapPost(
                "/{clientId}/enable",
                (
                    string clientId,
                    ICommandHandler<SetApiClientEnabledCommand, Contracts.ApiClient> handler,
                    CancellationToken ct
                ) => SetEnabled(clientId, true, handler, ct)
            )
            .WithName("enableApiClient")
            .RequiresRecentTwoFactor();
        group.MapPost("/{clientId}/secret", RotateSecret).WithName("rotateApiClientSecret").RequiresRecentTwoFactor();
    }

    private static async Task<Results<JsonOk<ApiClientList>, ProblemHttpResult>> List(
        IQueryHandler<ListApiClientsQuery, IReadOnlyList<Contracts.ApiClient>> handler,
        CancellationToken cancellationToken
    ) =>
        Respond.Value(
            await handler.Handle(new ListApiClientsQuery(), cancellationToken),
            clients => new ApiClientList(clients)
        );

    private static async Task<Results<JsonCreated<ApiClientCredentials>, ProblemHttpResult>> Register(
        HttpRequest request,
        ICommandHandler<RegisterApiClientCommand, ApiClientWithSecret> handler,
        Body<RegisterApiClientRequest> body,
        CancellationToken cancellationToken
    )
    {
        var registered = await handler.Handle(
            new RegisterApiClientCommand(body.Value.Name, body.Value.OrganizationId, body.Value.Scopes),
            cancellationToken
        );
        // No Location: there is no single-client resource to point at.
        return registered.IsSuccess
            ? JsonAnswer.Created((string?)null, ApiClientCredentials.From(registered.Value))
            : Problems.From(registered.Error!);
    }

    private static async Task<Results<JsonOk<Contracts.ApiClient>, ProblemHttpResult>> SetEnabled(
        string clientId,
        bool enabled,
        ICommandHandler<SetApiClientEnabledCommand, Contracts.ApiClient> handler,
        CancellationToken cancellationToken
    ) => Respond.Value(await handler.Handle(new SetApiClientEnabledCommand(clientId, enabled), cancellationToken));

    private static async Task<Results<JsonOk<ApiClientCredentials>, ProblemHttpResult>> RotateSecret(
        string clientId,
        ICommandHandler<RotateApiClientSecretCommand, ApiClientWithSecret> handler,
        CancellationToken cancellationToken
    ) =>
        Respond.Value(
            await handler.Handle(new RotateApiClientSecretCommand(clientId), cancellationToken),
            ApiClientCredentials.From
        );
}
