using MakCrm.Application.Abstractions.Messaging;
using MakCrm.Application.Common;
using MakCrm.Application.Organizations;
using OrganizationKind = MakCrm.Domain.Organizations.OrganizationKind;
using OrganizationStatus = MakCrm.Domain.Organizations.OrganizationStatus;
using MakCrm.Domain.Access;
using MakCrm.WebApi.Auth;
using MakCrm.WebApi.Contracts;
using MakCrm.WebApi.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace MakCrm.WebApi.Endpoints;

internal sealed class OrganizationEndpoints : IEndpointGroup
{
    public void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/registrations", Register).WithTags("Organizations").WithName("registerOrganization").AllowAnonymous()
            .RateLimitedPerAddress().ProducesProblems(400, 409, 413, 415, 429);

        var group = app.MapGroup("/api/v1/organizations").WithTags("Organizations").RateLimitedPerCaller().RequireAuthorization(Permissions.OrganizationsManage);
        group.MapGet("/", List).WithName("listOrganizations").ProducesProblems(400, 401, 403);
        group.MapPost("/{id:guid}/approve", Approve).WithName("approveOrganization").ProducesProblems(401, 403, 404, 409);
        group.MapPost("/{id:guid}/reject", Reject).WithName("rejectOrganization").ProducesProblems(400, 401, 403, 404, 409, 413, 415);
    }

    private static async Task<Results<Created<Organization>, ProblemHttpResult>> Register(
        HttpContext http, ICommandHandler<RegisterOrganizationCommand, OrganizationDto> handler, Body<RegistrationRequest> body, CancellationToken cancellationToken)
    {
        var registered = await handler.Handle(body.Value.ToCommand(), cancellationToken);
        return registered.IsSuccess
            ? TypedResults.Created((string?)null, Organization.From(registered.Value)) // the registrant cannot read organizations: no Location
            : Problems.From(registered.Error!);
    }

    private static async Task<Results<Ok<OrganizationPage>, ProblemHttpResult>> List(
        IQueryHandler<ListOrganizationsQuery, Page<OrganizationDto>> handler,
        CancellationToken cancellationToken,
        QueryEnum<OrganizationStatus>? status = null,
        QueryEnum<OrganizationKind>? kind = null,
        string? sort = null,
        string? cursor = null,
        int? limit = null)
    {
        var errors = new QueryErrors();
        var statusValue = errors.Enum("status", status);
        var kindValue = errors.Enum("kind", kind);
        if (errors.AsError() is { } invalid)
        {
            return Problems.From(invalid);
        }

        return Respond.Value(await handler.Handle(new ListOrganizationsQuery(statusValue, kindValue, sort, cursor, limit), cancellationToken), OrganizationPage.From);
    }

    private static async Task<Results<Ok<Organization>, ProblemHttpResult>> Approve(
        Guid id, HttpResponse response, ICommandHandler<ApproveOrganizationCommand, OrganizationDto> handler, CancellationToken cancellationToken) =>
        Respond.Ok(response, await handler.Handle(new ApproveOrganizationCommand(id), cancellationToken), Organization.From);

    private static async Task<Results<Ok<Organization>, ProblemHttpResult>> Reject(
        Guid id, HttpContext http, ICommandHandler<RejectOrganizationCommand, OrganizationDto> handler, Body<RejectOrganizationRequest> body, CancellationToken cancellationToken) =>
        Respond.Ok(http.Response, await handler.Handle(new RejectOrganizationCommand(id, body.Value.Reason), cancellationToken), Organization.From);
}
