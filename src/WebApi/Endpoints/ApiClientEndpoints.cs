using MakCrm.Application.Abstractions.Messaging;
using MakCrm.Application.Access;
using MakCrm.WebApi.Auth;
using MakCrm.WebApi.Contracts;
using MakCrm.WebApi.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using JsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace MakCrm.WebApi.Endpoints;

internal static class ApiClientEndpoints
{
    public static RouteGroupBuilder MapApiClientEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/api-clients").WithTags("Access").RateLimitedPerCaller().RequireAuthorization(PermissionPolicies.ApiClientsManage);
        group.MapGet("/", List).WithName("listApiClients").ProducesProblems(401, 403);
        group.MapPost("/", Register).WithName("registerApiClient").RequiresRecentTwoFactor()
            .Accepts<RegisterApiClientRequest>("application/json").ProducesProblems(400, 401, 403, 413, 415);
        group.MapPost("/{clientId}/disable", (string clientId, ICommandHandler<SetApiClientEnabledCommand, ApiClientDto> handler, CancellationToken ct) =>
            SetEnabled(clientId, false, handler, ct)).WithName("disableApiClient").ProducesProblems(401, 403, 404);
        group.MapPost("/{clientId}/enable", (string clientId, ICommandHandler<SetApiClientEnabledCommand, ApiClientDto> handler, CancellationToken ct) =>
            SetEnabled(clientId, true, handler, ct)).WithName("enableApiClient").RequiresRecentTwoFactor().ProducesProblems(401, 403, 404);
        group.MapPost("/{clientId}/secret", RotateSecret).WithName("rotateApiClientSecret").RequiresRecentTwoFactor().ProducesProblems(401, 403, 404);
        return group;
    }

    private static async Task<Results<Ok<ApiClientList>, ProblemHttpResult>> List(
        IQueryHandler<ListApiClientsQuery, IReadOnlyList<ApiClientDto>> handler, CancellationToken cancellationToken) =>
        Respond.Value(await handler.Handle(new ListApiClientsQuery(), cancellationToken), clients => new ApiClientList(clients.Select(ApiClient.From).ToList()));

    private static async Task<Results<Created<ApiClientCredentials>, ProblemHttpResult>> Register(
        HttpRequest request,
        ICommandHandler<RegisterApiClientCommand, ApiClientWithSecret> handler,
        IOptions<JsonOptions> json,
        CancellationToken cancellationToken)
    {
        var body = await JsonBodyReader.ReadAsync<RegisterApiClientRequest>(request, json.Value.SerializerOptions, cancellationToken);
        if (!body.IsSuccess)
        {
            return Problems.From(body.Error!);
        }

        var registered = await handler.Handle(new RegisterApiClientCommand(body.Value.Value.Name, body.Value.Value.OrganizationId, body.Value.Value.Scopes), cancellationToken);
        return registered.IsSuccess
            ? TypedResults.Created((string?)null, ApiClientCredentials.From(registered.Value)) // no single-client resource to point at
            : Problems.From(registered.Error!);
    }

    private static async Task<Results<Ok<ApiClient>, ProblemHttpResult>> SetEnabled(
        string clientId, bool enabled, ICommandHandler<SetApiClientEnabledCommand, ApiClientDto> handler, CancellationToken cancellationToken) =>
        Respond.Value(await handler.Handle(new SetApiClientEnabledCommand(clientId, enabled), cancellationToken), ApiClient.From);

    private static async Task<Results<Ok<ApiClientCredentials>, ProblemHttpResult>> RotateSecret(
        string clientId, ICommandHandler<RotateApiClientSecretCommand, ApiClientWithSecret> handler, CancellationToken cancellationToken) =>
        Respond.Value(await handler.Handle(new RotateApiClientSecretCommand(clientId), cancellationToken), ApiClientCredentials.From);
}
