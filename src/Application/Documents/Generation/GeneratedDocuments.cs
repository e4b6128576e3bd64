using MakCrm.Application.Abstractions.Documents;
using MakCrm.Domain.Access;
using MakCrm.Domain.Documents;
using MakCrm.Domain.Organizations;

namespace MakCrm.Application.Documents.Generation;

/// <summary>
/// A счёт на оплату for a franchisee's balance top-up: head office is the payee, the franchisee the payer. A
/// franchisee asks for its own (<paramref name="OrganizationId"/> empty or its own); head office for any franchisee.
/// </summary>
public sealed record CreateTopUpInvoiceCommand(
    decimal Amount,
    Guid? OrganizationId,
    Contracts.DocumentFileFormat Format
) : ICommand<DocumentDto>;

/// <summary>The franchise contract between head office and a franchisee, generated on head office's request.</summary>
public sealed record CreateFranchiseContractCommand(Guid OrganizationId, Contracts.DocumentFileFormat Format)
    : ICommand<DocumentDto>;

public static class GeneratedDocumentSeries
{
    /// <summary>Top-up invoices: С-2026-000123.</summary>
    public const string Invoice = "С";

    /// <summary>Franchise contracts: Д-2026-000123.</summary>
    public const string Contract = "Д";

    /// <summary>The largest top-up invoice (<see cref="Domain.Invoices.Invoice.MaxTotal"/>).</summary>
    public const decimal MaxInvoiceAmount = Domain.Invoices.Invoice.MaxTotal;
}

internal sealed class CreateTopUpInvoiceValidator : AbstractValidator<CreateTopUpInvoiceCommand>
{
    public CreateTopUpInvoiceValidator()
    {
        RuleFor(c => c.Amount)
            .GreaterThan(0)
            .LessThanOrEqualTo(GeneratedDocumentSeries.MaxInvoiceAmount)
            .Must(a => a == Money.ToKopecks(a))
            .WithMessage("Must have at most two decimal places (kopecks).");
    }
}

/// <summary>The organizations a document is between: the payer or counterparty in the caller's scope, and head office
/// with complete requisites.</summary>
internal sealed class DocumentParties(IOrganizationRepository organizations, ICurrentActor actor)
{
    /// <summary>The requisites a party must have filled in before head office issues a document to or with
    /// it.</summary>
    private static readonly (string Field, Func<OrganizationProfile, string?> Value)[] Required =
    [
        ("legalName", p => p.LegalName),
        ("inn", p => p.Inn),
        ("legalAddress", p => p.LegalAddress ?? p.PostalAddress),
    ];

    private static readonly (string Field, Func<OrganizationProfile, string?> Value)[] RequiredOfPayee =
    [
        .. Required,
        ("bankName", p => p.BankName),
        ("bik", p => p.Bik),
        ("correspondentAccount", p => p.CorrespondentAccount),
        ("settlementAccount", p => p.SettlementAccount),
    ];

    /// <summary>The franchisee (404 outside the caller's scope, 409 when not a franchisee) and head office, or why
    /// not.</summary>
    public async Task<Result<(Organization Franchisee, Organization HeadOffice)>> FindAsync(
        Guid franchiseeId,
        bool franchiseeRequisitesRequired,
        CancellationToken cancellationToken
    )
    {
        if (
            !DataScope.For(actor, Permissions.DocumentsGenerateAll).Includes(franchiseeId)
            || await organizations.FindAsync(franchiseeId, cancellationToken) is not { } franchisee
        )
        {
            return Error.NotFound("Organization", franchiseeId);
        }

        if (franchisee.Kind != OrganizationKind.Franchisee)
        {
            return new Error(
                ErrorCodes.OrganizationNotFranchisee,
                $"Organization {franchiseeId} is not a franchisee.",
                ErrorKind.Conflict
            );
        }

        var headOffice =
            await organizations.FindAsync(Organization.HeadOfficeId, cancellationToken)
            ?? throw new InvalidOperationException("Head office's organization is missing.");
        var missing = Missing("headOffice", headOffice.Profile, RequiredOfPayee);
        if (franchiseeRequisitesRequired)
        {
            missing = [.. missing, .. Missing("franchisee", franchisee.Profile, Required)];
        }

        if (missing.Count > 0)
        {
            return new Error(
                ErrorCodes.RequisitesIncomplete,
                $"Fill in these requisites in the organizations' profiles first: {string.Join(", ", missing)}.",
                ErrorKind.Conflict
            );
        }

        return (franchisee, headOffice);
    }

    /// <summary>The requisites every document prints of each party (legal name, ИНН, address), or which are
    /// missing.</summary>
    public static Result<Unit> RequireBasic(params (string Party, OrganizationProfile Profile)[] parties) =>
        Require(Required, parties);

    /// <summary>The requisites of both ends of a bank payment (those of a payee: the basic ones and the bank
    /// account), or which are missing.</summary>
    public static Result<Unit> RequirePayee(params (string Party, OrganizationProfile Profile)[] parties) =>
        Require(RequiredOfPayee, parties);

    private static Result<Unit> Require(
        (string Field, Func<OrganizationProfile, string?> Value)[] fields,
        (string Party, OrganizationProfile Profile)[] parties
    )
    {
        var missing = parties.SelectMany(p => Missing(p.Party, p.Profile, fields)).ToList();
        return missing.Count == 0
            ? Unit.Value
            : new Error(
                ErrorCodes.RequisitesIncomplete,
                $"Fill in these requisites in the organizations' profiles first: {string.Join(", ", missing)}.",
                ErrorKind.Conflict
            );
    }

    private static List<string> Missing(
        string party,
        OrganizationProfile profile,
        (string Field, Func<OrganizationProfile, string?> Value)[] fields
    ) => fields.Where(f => string.IsNullOrWhiteSpace(f.Value(profile))).Select(f => $"{party}.{f.Field}").ToList();
}

/// <summary>Numbers the invoice in head office's С series and issues it as an invoice that gets paid, with one top-up
/// line; the document is stored among the franchisee's documents.</summary>
internal sealed class CreateTopUpInvoiceHandler(
    DocumentParties parties,
    Invoices.InvoiceIssuing issuing,
    DocumentGenerationSettings settings,
    ICurrentActor actor
) : ICommandHandler<CreateTopUpInvoiceCommand, DocumentDto>
{
    public async Task<Result<DocumentDto>> Handle(
        CreateTopUpInvoiceCommand command,
        CancellationToken cancellationToken
    )
    {
        var found = await parties.FindAsync(
            command.OrganizationId ?? actor.OrganizationId,
            franchiseeRequisitesRequired: false,
            cancellationToken
        );
        if (!found.IsSuccess)
        {
            return found.Error!;
        }

        var (franchisee, headOffice) = found.Value;
        var amount = Money.ToKopecks(command.Amount);
        var vatRate = Invoices.InvoiceVat.RateOf(headOffice, null, settings);
        var issued = await issuing.IssueAsync(
            franchisee,
            headOffice,
            issue =>
            [
                Domain.Invoices.InvoiceLine.Of(
                    1,
                    null,
                    $"Пополнение баланса (аванс) по счёту № {issue.Number}",
                    1,
                    Domain.Invoices.InvoiceLine.DefaultUnit,
                    amount,
                    vatRate
                ),
            ],
            null,
            command.Format,
            cancellationToken
        );
        return issued.IsSuccess ? issued.Value.Document : issued.Error!;
    }
}

/// <summary>Numbers the contract in head office's Д series and generates it with both parties' requisites, among the
/// franchisee's documents.</summary>
internal sealed class CreateFranchiseContractHandler(DocumentParties parties, IDocumentGeneration generation)
    : ICommandHandler<CreateFranchiseContractCommand, DocumentDto>
{
    public async Task<Result<DocumentDto>> Handle(
        CreateFranchiseContractCommand command,
        CancellationToken cancellationToken
    )
    {
        var found = await parties.FindAsync(
            command.OrganizationId,
            franchiseeRequisitesRequired: true,
            cancellationToken
        );
        if (!found.IsSuccess)
        {
            return found.Error!;
        }

        var (franchisee, headOffice) = found.Value;
        return await generation.GenerateAndStoreAsync(
            new DocumentGenerationRequest(
                franchisee.Id,
                DocumentKind.Contract,
                command.Format,
                new DocumentNumbering(headOffice.Id, GeneratedDocumentSeries.Contract),
                issue => new ContractDocumentModel(
                    issue.Number!,
                    issue.Date,
                    headOffice.City ?? "Москва",
                    PartyRequisites.From(headOffice.Profile),
                    PartyRequisites.From(franchisee.Profile)
                )
            ),
            cancellationToken
        );
    }
}
