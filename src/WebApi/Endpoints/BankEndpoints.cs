using MakCrm.Application.Banks;
using MakCrm.Contracts;
using MakCrm.WebApi.Wire;
using Microsoft.AspNetCore.Mvc;

namespace MakCrm.WebApi.Endpoints;

/// <summary>The bank list: head office manages it, whoever records loans on deals reads it.</summary>
internal sealed class BankEndpoints : IEndpointGroup
{
    public void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/banks");
        group.MapGet("/", List).WithName("listBanks");
        group.MapPost("/", Create).WithName("createBank");
        group.MapPatch("/{code}", Update).WithName("updateBank");
    }

    private static async Task<Results<JsonOk<BankList>, ProblemHttpResult>> List(
        IQueryHandler<ListBanksQuery, IReadOnlyList<BankDto>> handler,
        CancellationToken cancellationToken
    ) => Respond.Value(await handler.Handle(new ListBanksQuery(), cancellationToken), BankList.From);

    private static async Task<Results<JsonCreated<Contracts.Bank>, ProblemHttpResult>> Create(
        HttpContext http,
        ICommandHandler<CreateBankCommand, BankDto> handler,
        Body<CreateBankRequest> body,
        CancellationToken cancellationToken
    )
    {
        var result = await handler.Handle(body.Value.ToCommand(), cancellationToken);
        if (!result.IsSuccess)
        {
            return Problems.From(result.Error!);
        }

        ETag.Write(http.Response, result.Value.Version);
        return JsonAnswer.Created($"/api/v1/banks/{result.Value.Code}", Contracts.Bank.From(result.Value));
    }

    private static async Task<Results<JsonOk<Contracts.Bank>, ProblemHttpResult>> Update(
        string code,
        [FromHeader(Name = "If-Match")] string? ifMatch,
        HttpContext http,
        ICommandHandler<UpdateBankCommand, BankDto> handler,
        Body<UpdateBankRequest> body,
        CancellationToken cancellationToken
    ) =>
        Respond.Ok(
            http.Response,
            await handler.Handle(
                UpdateBankRequest.ToCommand(code, ETag.IfMatch(ifMatch), body.Fields),
                cancellationToken
            ),
            Contracts.Bank.From
        );
}
