using MakCrm.Application.Leads;
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

    public CreateLeadCommand ToCommand() => new(ClientId, RequestedAmount, Product, Comment, Status, ResponsibleUserId);
}
