using MakCrm.Application.Leads;
using MakCrm.Contracts;
using MakCrm.WebApi.Wire;

namespace MakCrm.WebApi.Endpoints;

/// <summary>
/// Asking before creating a lead whether it would repeat an open one. A POST because the contacts are personal data
/// that do not belong in a URL (and its logs); it creates nothing, so it takes no Idempotency-Key.
/// </summary>
internal sealed class DuplicateCheckEndpoints : IEndpointGroup
{
    public void Map(IEndpointRouteBuilder app) =>
        app.MapGroup("/api/v1/duplicate-checks").MapPost("/", Check).WithName("checkDuplicates");

    private static async Task<Results<JsonOk<DuplicateCheckResult>, ProblemHttpResult>> Check(
        IQueryHandler<CheckDuplicatesQuery, DuplicateCheckDto> handler,
        Body<DuplicateCheckRequest> body,
        CancellationToken cancellationToken
    ) => Respond.Value(await handler.Handle(body.Value.ToQuery(), cancellationToken), DuplicateCheckResult.From);
}
