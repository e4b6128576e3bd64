using MakCrm.Application.Abstractions.Events;
using MakCrm.Application.Documents;
using MakCrm.Application.Documents.Generation;
using MakCrm.Contracts.Events;
using MakCrm.Domain.Documents;
using MakCrm.Domain.Invoices;
using MakCrm.Domain.Organizations;
using PrintedLine = MakCrm.Application.Documents.Generation.InvoiceLine;

namespace MakCrm.Application.Invoices;

/// <summary>Head office issues a franchisee an invoice from catalogue lines or free text, with its document.</summary>
public sealed record CreateInvoiceCommand(
    Guid OrganizationId,
    IReadOnlyList<Contracts.CreateInvoiceLineRequest> Lines,
    DateOnly? DueOn,
    Contracts.DocumentFileFormat Format
) : ICommand<Contracts.Invoice>;

internal sealed class CreateInvoiceValidator : AbstractValidator<CreateInvoiceCommand>
{
    public CreateInvoiceValidator()
    {
        RuleFor(c => c.OrganizationId).NotEqual(Guid.Empty).WithMessage("Must be a franchisee's id.");
        RuleFor(c => c.Lines).NotEmpty().Must(l => l.Count <= Invoice.MaxLines);
        RuleForEach(c => c.Lines)
            .ChildRules(line =>
            {
                line.RuleFor(l => l)
                    .Must(l => l.CatalogueItemId is null != (l.Description is null && l.UnitPrice is null))
                    .WithMessage("Name a catalogueItemId, or give a description and a unitPrice; not both.")
                    .OverridePropertyName("catalogueItemId");
                line.When(
                    l => l.CatalogueItemId is null,
                    () =>
                    {
                        line.RuleFor(l => l.Description).RequiredText(Domain.Invoices.InvoiceLine.MaxDescriptionLength);
                        line.RuleFor(l => l.UnitPrice)
                            .NotNull()
                            .Must(p => p is null || InvoiceMoney.IsPrice(p.Value))
                            .WithMessage(InvoiceMoney.PriceMessage);
                        line.RuleFor(l => l.Unit)
                            .MaximumLength(Domain.Invoices.InvoiceLine.MaxUnitLength)
                            .Must(u => u is null || !string.IsNullOrWhiteSpace(u))
                            .WithMessage("Must not be blank.");
                    }
                );
                line.RuleFor(l => l.Quantity).Must(InvoiceMoney.IsQuantity).WithMessage(InvoiceMoney.QuantityMessage);
            });
    }
}

/// <summary>
/// Issues an invoice and generates its document in the command's unit of work: the number of head office's invoice
/// series is taken, the invoice is added with the document's id, and the document is rendered from the invoice's
/// lines. A failed rendering rolls everything back: no number is used, no invoice or document is left.
/// </summary>
internal sealed class InvoiceIssuing(
    IDocumentGeneration generation,
    IInvoiceRepository invoices,
    IEventOutbox events,
    ICurrentActor actor,
    TimeProvider clock
)
{
    private const string Basis = "Пополнение баланса в CRM-системе МаК";

    /// <param name="lines">The lines, made once the invoice's number is known (a top-up line names it).</param>
    public async Task<Result<(DocumentDto Document, Invoice Invoice)>> IssueAsync(
        Organization franchisee,
        Organization headOffice,
        Func<DocumentIssue, IReadOnlyList<Domain.Invoices.InvoiceLine>> lines,
        DateOnly? dueOn,
        Contracts.DocumentFileFormat format,
        CancellationToken cancellationToken
    )
    {
        var today = DocumentDates.Today(clock);
        if (dueOn is { } due && new InvoiceDueDateMustBeAhead(due, today) is { } rule && rule.IsBroken())
        {
            return rule.Error;
        }

        Invoice? invoice = null;
        var generated = await generation.GenerateAndStoreAsync(
            new DocumentGenerationRequest(
                franchisee.Id,
                DocumentKind.Invoice,
                format,
                new DocumentNumbering(headOffice.Id, GeneratedDocumentSeries.Invoice),
                _ => Model(invoice!, headOffice, franchisee),
                (issue, _) =>
                {
                    var made = lines(issue);
                    if (made.Sum(l => l.Amount) > Invoice.MaxTotal)
                    {
                        return Task.FromResult<Result<Unit>>(
                            Error.Validation("lines", $"The total must be at most {Invoice.MaxTotal:0} roubles.")
                        );
                    }

                    invoice = Invoice.Issue(
                        clock.NewId(),
                        franchisee.Id,
                        issue.Number!,
                        issue.Date,
                        dueOn ?? issue.Date.AddDays(Invoice.DefaultPaymentTermDays),
                        made,
                        issue.DocumentId,
                        actor.UserId,
                        clock.UtcNowMicroseconds()
                    );
                    invoices.Add(invoice);
                    return Task.FromResult<Result<Unit>>(Unit.Value);
                }
            ),
            cancellationToken
        );
        if (!generated.IsSuccess)
        {
            return generated.Error!;
        }

        InvoiceCatalog.Raise(events, EventPayloads.InvoiceIssued, invoice!);
        return (generated.Value, invoice!);
    }

    private static InvoiceDocumentModel Model(Invoice invoice, Organization headOffice, Organization franchisee) =>
        new(
            invoice.Number,
            invoice.IssuedOn,
            PartyRequisites.From(headOffice.Profile),
            PartyRequisites.From(franchisee.Profile),
            Basis,
            [
                .. invoice.Lines.Select(l => new PrintedLine(
                    l.Position,
                    l.Description,
                    l.Quantity,
                    l.Unit,
                    l.UnitPrice,
                    l.Amount
                )),
            ],
            invoice.Total,
            VatLine.Of(invoice.Lines)
        );
}

/// <summary>The VAT rate a line includes: the service's own (or the regime's when it has none) when head office pays
/// VAT, none otherwise.</summary>
internal static class InvoiceVat
{
    public static decimal? RateOf(Organization headOffice, decimal? serviceRate, DocumentGenerationSettings settings) =>
        headOffice.TaxRegime != TaxRegime.Osno
            ? null
            : serviceRate ?? (settings.VatRatePercent > 0 ? settings.VatRatePercent : null);
}

internal sealed class CreateInvoiceHandler(
    DocumentParties parties,
    ICatalogueItemRepository catalogue,
    InvoiceIssuing issuing,
    DocumentGenerationSettings settings
) : ICommandHandler<CreateInvoiceCommand, Contracts.Invoice>
{
    public async Task<Result<Contracts.Invoice>> Handle(
        CreateInvoiceCommand command,
        CancellationToken cancellationToken
    )
    {
        var found = await parties.FindAsync(
            command.OrganizationId,
            franchiseeRequisitesRequired: false,
            cancellationToken
        );
        if (!found.IsSuccess)
        {
            return found.Error!;
        }

        var (franchisee, headOffice) = found.Value;
        var ids = command.Lines.Where(l => l.CatalogueItemId is not null).Select(l => l.CatalogueItemId!.Value);
        var items = (await catalogue.FindManyAsync([.. ids.Distinct()], cancellationToken)).ToDictionary(i => i.Id);
        var lines = new List<Domain.Invoices.InvoiceLine>();
        foreach (var (line, index) in command.Lines.Select((l, i) => (l, i)))
        {
            if (line.CatalogueItemId is { } itemId)
            {
                if (!items.TryGetValue(itemId, out var item) || item.Archived)
                {
                    return Error.Validation(
                        $"lines[{index}].catalogueItemId",
                        "Must be a service of the catalogue that is not archived."
                    );
                }

                lines.Add(
                    Domain.Invoices.InvoiceLine.Of(
                        index + 1,
                        item.Id,
                        item.Name,
                        line.Quantity,
                        item.Unit,
                        item.UnitPrice,
                        InvoiceVat.RateOf(headOffice, item.VatRatePercent, settings)
                    )
                );
            }
            else
            {
                lines.Add(
                    Domain.Invoices.InvoiceLine.Of(
                        index + 1,
                        null,
                        line.Description!,
                        line.Quantity,
                        line.Unit ?? Domain.Invoices.InvoiceLine.DefaultUnit,
                        line.UnitPrice!.Value,
                        InvoiceVat.RateOf(headOffice, null, settings)
                    )
                );
            }
        }

        var issued = await issuing.IssueAsync(
            franchisee,
            headOffice,
            _ => lines,
            command.DueOn,
            command.Format,
            cancellationToken
        );
        return issued.IsSuccess ? Contracts.Invoice.From(issued.Value.Invoice) : issued.Error!;
    }
}
