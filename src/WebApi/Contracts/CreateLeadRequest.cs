using MakCrm.Application.Common;
using MakCrm.Application.Leads;
using MakCrm.Domain.Common;
using MakCrm.Domain.Leads;

namespace MakCrm.WebApi.Contracts;

public sealed record CreateLeadRequest
{
    public required Guid ClientId { get; init; }

    public required decimal RequestedAmount { get; init; }

    public required LoanProduct Product { get; init; }

    public string? Comment { get; init; }

    public string Status { get; init; } = Domain.Leads.LeadStatus.DefaultCode;

    public Guid? ResponsibleUserId { get; init; }

    public string? ExternalRef { get; init; }

    public Attribution? Attribution { get; init; }

    public IReadOnlyDictionary<string, string>? Metadata { get; init; }

    public CreateLeadCommand ToCommand() => new(ClientId, RequestedAmount, Product, Comment, Status, ResponsibleUserId, new IntegrationInput(ExternalRef, Attribution, Metadata));
}
