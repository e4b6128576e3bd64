using MakCrm.Application.Organizations;
using MakCrm.Contracts;
using MakCrm.Domain.Common;
using MakCrm.Infrastructure.Security;
using MakCrm.WebApi.Wire;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using OrganizationKind = MakCrm.Domain.Organizations.OrganizationKind;
using OrganizationStatus = MakCrm.Domain.Organizations.OrganizationStatus;

namespace MakCrm.WebApi.Endpoints;

internal sealed class OrganizationEndpoints : IEndpointGroup
{
    public void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/registrations", Register).WithName("registerOrganization");

        app.MapGet("/api/v1/branding", GetBranding).WithName("getBranding");

        var group = app.MapGroup("/api/v1/organizations");
        group.MapGet("/", List).WithName("listOrganizations").SortedBy(OrganizationSorts.Catalog);
        group.MapGet("/trash", ListTrash).WithName("listOrganizationTrash").SortedBy(OrganizationSorts.Catalog);
        group.MapPost("/{id:guid}/approve", Approve).WithName("approveOrganization");
        group.MapPost("/{id:guid}/reject", Reject).WithName("rejectOrganization");
        group.MapPost("/{id:guid}/registration-check", CheckRegistration).WithName("checkOrganizationRegistration");
        group.MapGet("/{id:guid}", Get).WithName("getOrganization");
        group.MapPatch("/{id:guid}/profile", UpdateProfile).WithName("updateOrganizationProfile");
        group.MapPost("/{id:guid}/block", Block).WithName("blockOrganization");
        group.MapPost("/{id:guid}/unblock", Unblock).WithName("unblockOrganization");
        group.MapDelete("/{id:guid}", MoveToTrash).WithName("deleteOrganization");
        group.MapPost("/{id:guid}/restore", Restore).WithName("restoreOrganization");
        group.MapDelete("/{id:guid}/permanent", Purge).WithName("purgeOrganization");
        group.MapGet("/{id:guid}/hosts", ListHosts).WithName("listOrganizationHosts");
        group.MapPost("/{id:guid}/hosts", ClaimHost).WithName("claimOrganizationHost");
        group.MapDelete("/{id:guid}/hosts/{host}", ReleaseHost).WithName("releaseOrganizationHost");
    }

    private static async Task<Results<JsonCreated<Organization>, ProblemHttpResult>> Register(
        HttpContext http,
        ICommandHandler<RegisterOrganizationCommand, OrganizationDto> handler,
        Body<RegistrationRequest> body,
        CancellationToken cancellationToken
    )
    {
        var registered = await handler.Handle(body.Value.ToCommand(), cancellationToken);
        // No Location: the registrant cannot read organizations.
        return registered.IsSuccess
            ? JsonAnswer.Created((string?)null, Organization.From(registered.Value))
            : Problems.From(registered.Error!);
    }

    private static async Task<Results<JsonOk<OrganizationPage>, ProblemHttpResult>> List(
        IQueryHandler<ListOrganizationsQuery, Page<OrganizationDto>> handler,
        [AsParameters] ListOrganizationsParameters query,
        CancellationToken cancellationToken
    )
    {
        var list = new ListOrganizationsQuery(
            query.Status?.Value,
            query.Kind?.Value,
            query.Q,
            query.Inn,
            query.City,
            InTrash: false,
            query.Sort,
            query.Cursor,
            query.Limit,
            query.WithTotal
        );
        return Respond.Value(await handler.Handle(list, cancellationToken), OrganizationPage.From);
    }

    private static async Task<Results<JsonOk<OrganizationPage>, ProblemHttpResult>> ListTrash(
        IQueryHandler<ListOrganizationsQuery, Page<OrganizationDto>> handler,
        [AsParameters] ListOrganizationTrashParameters query,
        CancellationToken cancellationToken
    )
    {
        var list = new ListOrganizationsQuery(
            null,
            query.Kind?.Value,
            query.Q,
            query.Inn,
            query.City,
            InTrash: true,
            query.Sort,
            query.Cursor,
            query.Limit,
            query.WithTotal
        );
        return Respond.Value(await handler.Handle(list, cancellationToken), OrganizationPage.From);
    }

    private static async Task<Results<JsonOk<Organization>, ProblemHttpResult>> Get(
        Guid id,
        HttpResponse response,
        IQueryHandler<GetOrganizationQuery, OrganizationDto> handler,
        CancellationToken cancellationToken
    ) => Respond.Ok(response, await handler.Handle(new GetOrganizationQuery(id), cancellationToken), Organization.From);

    private static async Task<Results<JsonOk<Organization>, ProblemHttpResult>> UpdateProfile(
        Guid id,
        [FromHeader(Name = "If-Match")] string? ifMatch,
        HttpResponse response,
        ICommandHandler<UpdateOrganizationProfileCommand, OrganizationDto> handler,
        Body<UpdateOrganizationProfileRequest> body,
        CancellationToken cancellationToken
    ) =>
        Respond.Ok(
            response,
            await handler.Handle(
                UpdateOrganizationProfileRequest.ToCommand(id, ETag.IfMatch(ifMatch), body.Fields),
                cancellationToken
            ),
            Organization.From
        );

    private static async Task<Results<JsonOk<Organization>, ProblemHttpResult>> Block(
        Guid id,
        HttpResponse response,
        ICommandHandler<BlockOrganizationCommand, OrganizationDto> handler,
        CancellationToken cancellationToken
    ) =>
        Respond.Ok(
            response,
            await handler.Handle(new BlockOrganizationCommand(id), cancellationToken),
            Organization.From
        );

    private static async Task<Results<JsonOk<Organization>, ProblemHttpResult>> Unblock(
        Guid id,
        HttpResponse response,
        ICommandHandler<UnblockOrganizationCommand, OrganizationDto> handler,
        CancellationToken cancellationToken
    ) =>
        Respond.Ok(
            response,
            await handler.Handle(new UnblockOrganizationCommand(id), cancellationToken),
            Organization.From
        );

    private static async Task<Results<NoContent, ProblemHttpResult>> MoveToTrash(
        Guid id,
        ICommandHandler<MoveOrganizationToTrashCommand, OrganizationDto> handler,
        CancellationToken cancellationToken
    )
    {
        var moved = await handler.Handle(new MoveOrganizationToTrashCommand(id), cancellationToken);
        return moved.IsSuccess ? TypedResults.NoContent() : Problems.From(moved.Error!);
    }

    private static async Task<Results<JsonOk<Organization>, ProblemHttpResult>> Restore(
        Guid id,
        HttpResponse response,
        ICommandHandler<RestoreOrganizationCommand, OrganizationDto> handler,
        CancellationToken cancellationToken
    ) =>
        Respond.Ok(
            response,
            await handler.Handle(new RestoreOrganizationCommand(id), cancellationToken),
            Organization.From
        );

    private static async Task<Results<NoContent, ProblemHttpResult>> Purge(
        Guid id,
        ICommandHandler<PurgeOrganizationCommand, Unit> handler,
        CancellationToken cancellationToken
    ) => Respond.NoContent(await handler.Handle(new PurgeOrganizationCommand(id), cancellationToken));

    private static async Task<Results<JsonOk<OrganizationHostList>, ProblemHttpResult>> ListHosts(
        Guid id,
        IQueryHandler<ListOrganizationHostsQuery, IReadOnlyList<Contracts.OrganizationHost>> handler,
        CancellationToken cancellationToken
    ) =>
        Respond.Value(
            await handler.Handle(new ListOrganizationHostsQuery(id), cancellationToken),
            OrganizationHostList.From
        );

    private static async Task<
        Results<JsonCreated<Contracts.OrganizationHost>, JsonOk<Contracts.OrganizationHost>, ProblemHttpResult>
    > ClaimHost(
        Guid id,
        ICommandHandler<ClaimOrganizationHostCommand, ClaimedHost> handler,
        Body<ClaimHostRequest> body,
        CancellationToken cancellationToken
    )
    {
        var claimed = await handler.Handle(new ClaimOrganizationHostCommand(id, body.Value.Host), cancellationToken);
        if (!claimed.IsSuccess)
        {
            return Problems.From(claimed.Error!);
        }

        // Claiming a host the organization holds already is answered 200 with the same host: a repeated request changes
        // nothing.
        var host = claimed.Value.Host;
        return claimed.Value.Created
            ? JsonAnswer.Created($"/api/v1/organizations/{id}/hosts", host)
            : JsonAnswer.Ok(host);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> ReleaseHost(
        Guid id,
        string host,
        ICommandHandler<ReleaseOrganizationHostCommand, Unit> handler,
        CancellationToken cancellationToken
    ) => Respond.NoContent(await handler.Handle(new ReleaseOrganizationHostCommand(id, host), cancellationToken));

    private static async Task<Results<JsonOk<Contracts.Branding>, ProblemHttpResult>> GetBranding(
        [AsParameters] GetBrandingParameters query,
        IQueryHandler<GetBrandingQuery, Contracts.Branding> handler,
        CancellationToken cancellationToken
    ) => Respond.Value(await handler.Handle(new GetBrandingQuery(query.Host), cancellationToken));

    private static async Task<Results<JsonOk<Organization>, ProblemHttpResult>> Approve(
        Guid id,
        HttpResponse response,
        ICommandHandler<ApproveOrganizationCommand, OrganizationDto> handler,
        CancellationToken cancellationToken
    ) =>
        Respond.Ok(
            response,
            await handler.Handle(new ApproveOrganizationCommand(id), cancellationToken),
            Organization.From
        );

    private static async Task<Results<JsonOk<Organization>, ProblemHttpResult>> CheckRegistration(
        Guid id,
        HttpResponse response,
        ICommandHandler<CheckOrganizationRegistrationCommand, OrganizationDto> handler,
        CancellationToken cancellationToken
    ) =>
        Respond.Ok(
            response,
            await handler.Handle(new CheckOrganizationRegistrationCommand(id), cancellationToken),
            Organization.From
        );

    private static async Task<Results<JsonOk<Organization>, ProblemHttpResult>> Reject(
        Guid id,
        HttpContext http,
        ICommandHandler<RejectOrganizationCommand, OrganizationDto> handler,
        Body<RejectOrganizationRequest> body,
        CancellationToken cancellationToken
    ) =>
        Respond.Ok(
            http.Response,
            await handler.Handle(new RejectOrganizationCommand(id, body.Value.Reason), cancellationToken),
            Organization.From
        );
}
