using MakCrm.Application.Abstractions.Messaging;
using MakCrm.Application.Common;
using MakCrm.Application.Invoices;
using MakCrm.Contracts;
using MakCrm.WebApi.Http;
using MakCrm.WebApi.Wire;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace MakCrm.WebApi.Endpoints;

/// <summary>Invoices that get paid: head office issues, records payments against and cancels them; a franchisee reads
/// its own.</summary>
internal sealed class InvoiceEndpoints : IEndpointGroup
{
    private const string Path = "/api/v1/invoices";

    public void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(Path);
        group.MapGet("/", List).WithName("listInvoices").SortedBy(InvoiceCatalog.Sorts);
        group.MapPost("/", Create).WithName("createInvoice");
        group.MapGet("/{id:guid}", Get).WithName("getInvoice");
        group.MapPatch("/{id:guid}", Update).WithName("updateInvoice");
        group.MapPost("/{id:guid}/payments", RecordPayment).WithName("recordInvoicePayment");
        group.MapPost("/{id:guid}/cancel", Cancel).WithName("cancelInvoice");
    }

    private static async Task<Results<JsonOk<InvoicePage>, ProblemHttpResult>> List(
        IQueryHandler<ListInvoicesQuery, Page<Contracts.Invoice>> handler,
        [AsParameters] ListInvoicesParameters query,
        CancellationToken cancellationToken
    )
    {
        var list = new ListInvoicesQuery(
            query.Status.Values(),
            query.OrganizationId,
            query.DueFrom,
            query.DueTo,
            query.Sort,
            query.Cursor,
            query.Limit
        );
        return Respond.Value(await handler.Handle(list, cancellationToken), InvoicePage.From);
    }

    private static async Task<Results<JsonCreated<Contracts.Invoice>, ProblemHttpResult>> Create(
        HttpContext http,
        ICommandHandler<CreateInvoiceCommand, Contracts.Invoice> handler,
        Body<CreateInvoiceRequest> body,
        CancellationToken cancellationToken
    ) => Respond.Created(http.Response, Path, await handler.Handle(body.Value.ToCommand(), cancellationToken));

    private static async Task<Results<JsonOk<Contracts.Invoice>, ProblemHttpResult>> Get(
        Guid id,
        HttpResponse response,
        IQueryHandler<GetInvoiceQuery, Contracts.Invoice> handler,
        CancellationToken cancellationToken
    ) => Respond.Ok(response, await handler.Handle(new GetInvoiceQuery(id), cancellationToken));

    private static async Task<Results<JsonOk<Contracts.Invoice>, ProblemHttpResult>> Update(
        Guid id,
        [FromHeader(Name = "If-Match")] string? ifMatch,
        HttpResponse response,
        ICommandHandler<UpdateInvoiceCommand, Contracts.Invoice> handler,
        Body<UpdateInvoiceRequest> body,
        CancellationToken cancellationToken
    )
    {
        var command = UpdateInvoiceRequest.ToCommand(id, ETag.IfMatch(ifMatch), body.Fields);
        return Respond.Ok(response, await handler.Handle(command, cancellationToken));
    }

    /// <summary>The payment's location is its ledger entry's: entries never change, so it has no ETag.</summary>
    private static async Task<Results<JsonCreated<InvoicePayment>, ProblemHttpResult>> RecordPayment(
        Guid id,
        ICommandHandler<RecordInvoicePaymentCommand, InvoicePaymentDto> handler,
        Body<RecordInvoicePaymentRequest> body,
        CancellationToken cancellationToken
    ) =>
        Respond.CreatedAt(
            await handler.Handle(body.Value.ToCommand(id), cancellationToken),
            p => $"/api/v1/ledger/entries/{p.LedgerEntry.Id}",
            p => p.ToRecord()
        );

    private static async Task<Results<JsonOk<Contracts.Invoice>, ProblemHttpResult>> Cancel(
        Guid id,
        [FromHeader(Name = "If-Match")] string? ifMatch,
        HttpResponse response,
        ICommandHandler<CancelInvoiceCommand, Contracts.Invoice> handler,
        Body<CancelInvoiceRequest> body,
        CancellationToken cancellationToken
    ) => Respond.Ok(response, await handler.Handle(body.Value.ToCommand(id, ETag.IfMatch(ifMatch)), cancellationToken));
}
