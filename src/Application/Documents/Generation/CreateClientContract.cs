using System.Globalization;
using MakCrm.Application.Abstractions.Documents;
using MakCrm.Domain.Access;
using MakCrm.Domain.Documents;
using MakCrm.Domain.Leads;
using MakCrm.Domain.Tasks;

namespace MakCrm.Application.Documents.Generation;

/// <summary>
/// The brokerage services contract between a client's organization and the client, filed on the client; with a lead
/// of the client it names the credit asked for, with a fee the broker's share of the credit issued.
/// </summary>
public sealed record CreateClientContractCommand(
    Guid ClientId,
    Contracts.DocumentFileFormat Format,
    Guid? LeadId,
    decimal? FeePercent
) : ICommand<DocumentDto>;

/// <summary>The client party of a contract: the card's name and contacts.</summary>
public sealed record ClientParty(string FullName, string Phone, string? Email, string? City);

/// <summary>The credit a contract names: the product in words and the amount asked for.</summary>
public sealed record RequestedCredit(string Product, decimal? Amount);

/// <summary>The brokerage services contract with a client, with the broker's requisites and the client's card; the fee
/// is printed as a contract states it («2,5»).</summary>
public sealed record ClientContractDocumentModel(
    string Number,
    DateOnly Date,
    string City,
    PartyRequisites Broker,
    ClientParty Client,
    RequestedCredit? Credit,
    string? FeePercent
) : IDocumentModel
{
    public const string TemplateName = "client_contract";

    /// <summary>Client contracts: К-2026-000123, per organization.</summary>
    public const string Series = "К";

    public string Template => TemplateName;
}

internal sealed class CreateClientContractValidator : AbstractValidator<CreateClientContractCommand>
{
    public const decimal MaxFeePercent = 20m;

    public CreateClientContractValidator() =>
        RuleFor(c => c.FeePercent)
            .GreaterThan(0)
            .LessThanOrEqualTo(MaxFeePercent)
            .Must(f => f is not { } fee || fee == Math.Round(fee, 2))
            .WithMessage("Must have at most two decimal places.");
}

/// <summary>Numbers the contract in the client's organization's К series and files it on the client, once the
/// organization's basic requisites are filled in.</summary>
internal sealed class CreateClientContractHandler(
    IClientRepository clients,
    ILeadRepository leads,
    IOrganizationRepository organizations,
    IDocumentGeneration generation,
    ICurrentActor actor
) : ICommandHandler<CreateClientContractCommand, DocumentDto>
{
    /// <summary>The products as a contract names them.</summary>
    private static readonly Dictionary<LoanProduct, string> Products = new()
    {
        [LoanProduct.Mortgage] = "ипотечный кредит",
        [LoanProduct.Consumer] = "потребительский кредит",
        [LoanProduct.Auto] = "автокредит",
        [LoanProduct.Business] = "кредит для бизнеса",
        [LoanProduct.Refinancing] = "рефинансирование",
    };

    public async Task<Result<DocumentDto>> Handle(
        CreateClientContractCommand command,
        CancellationToken cancellationToken
    )
    {
        var client = await clients.GetAsync(
            command.ClientId,
            DataScope.For(actor, Permissions.ClientsReadAll),
            cancellationToken
        );
        if (client is null || !DataScope.For(actor, Permissions.DocumentsGenerateAll).Includes(client.OrganizationId))
        {
            return Error.NotFound("Client", command.ClientId);
        }

        RequestedCredit? credit = null;
        if (command.LeadId is { } leadId)
        {
            var lead = await leads.GetAsync(
                leadId,
                DataScope.For(actor, Permissions.LeadsReadAll),
                null,
                cancellationToken
            );
            if (lead is null || lead.ClientId != client.Id)
            {
                return Error.Validation("leadId", "Must be one of the client's leads.");
            }

            credit = new RequestedCredit(
                lead.Product is { } product ? Products[product] : "кредит",
                lead.RequestedAmount
            );
        }

        var broker =
            await organizations.FindAsync(client.OrganizationId, cancellationToken)
            ?? throw new InvalidOperationException($"The client's organization {client.OrganizationId} is missing.");
        var requisites = DocumentParties.RequireBasic(("broker", broker.Profile));
        if (!requisites.IsSuccess)
        {
            return requisites.Error!;
        }

        return await generation.GenerateAndStoreAsync(
            new DocumentGenerationRequest(
                broker.Id,
                DocumentKind.Contract,
                command.Format,
                new DocumentNumbering(broker.Id, ClientContractDocumentModel.Series),
                issue => new ClientContractDocumentModel(
                    issue.Number!,
                    issue.Date,
                    broker.City ?? client.City ?? "Москва",
                    PartyRequisites.From(broker.Profile),
                    new ClientParty(client.FullName, client.Phone, client.Email, client.City),
                    credit,
                    command.FeePercent is { } fee
                        ? fee.ToString("0.##", CultureInfo.InvariantCulture).Replace('.', ',')
                        : null
                ),
                Subject: new DocumentSubject(TaskSubjectType.Client, client.Id)
            ),
            cancellationToken
        );
    }
}
