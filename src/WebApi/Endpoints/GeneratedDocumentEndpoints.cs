using MakCrm.Application.Documents;
using MakCrm.Application.Documents.Generation;
using MakCrm.Contracts;
using MakCrm.WebApi.Wire;

namespace MakCrm.WebApi.Endpoints;

/// <summary>Documents generated on request: a franchisee's top-up invoice, the franchise contract and a contract with a
/// client, stored in the document store.</summary>
internal sealed class GeneratedDocumentEndpoints : IEndpointGroup
{
    public void Map(IEndpointRouteBuilder app)
    {
        var documents = app.MapGroup("/api/v1/documents");
        documents.MapPost("/invoices", CreateInvoice).WithName("createTopUpInvoice");
        documents.MapPost("/contracts", CreateContract).WithName("createFranchiseContract");
        app.MapPost("/api/v1/clients/{id:guid}/contracts", CreateClientContract).WithName("createClientContract");
    }

    private static async Task<Results<JsonCreated<Contracts.Document>, ProblemHttpResult>> CreateInvoice(
        Body<CreateTopUpInvoiceRequest> body,
        ICommandHandler<CreateTopUpInvoiceCommand, DocumentDto> handler,
        CancellationToken cancellationToken
    ) => Created(await handler.Handle(body.Value.ToCommand(), cancellationToken));

    private static async Task<Results<JsonCreated<Contracts.Document>, ProblemHttpResult>> CreateContract(
        Body<CreateFranchiseContractRequest> body,
        ICommandHandler<CreateFranchiseContractCommand, DocumentDto> handler,
        CancellationToken cancellationToken
    ) => Created(await handler.Handle(body.Value.ToCommand(), cancellationToken));

    private static async Task<Results<JsonCreated<Contracts.Document>, ProblemHttpResult>> CreateClientContract(
        Guid id,
        Body<CreateClientContractRequest> body,
        ICommandHandler<CreateClientContractCommand, DocumentDto> handler,
        CancellationToken cancellationToken
    ) => Created(await handler.Handle(body.Value.ToCommand(id), cancellationToken));

    private static Results<JsonCreated<Contracts.Document>, ProblemHttpResult> Created(
        Domain.Common.Result<DocumentDto> result
    ) =>
        result.IsSuccess
            ? JsonAnswer.Created($"/api/v1/documents/{result.Value.Id}", Contracts.Document.From(result.Value))
            : Problems.From(result.Error!);
}
