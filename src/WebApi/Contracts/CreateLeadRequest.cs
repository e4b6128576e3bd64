using MakCrm.Application.Common;
using MakCrm.Application.Leads;
using MakCrm.Domain.Common;
using MakCrm.Domain.Leads;

namespace MakCrm.WebApi.Contracts;

public sealed partial record CreateLeadRequest
{
    public CreateLeadCommand ToCommand() => new(ClientId, RequestedAmount, Product, Comment, Status, ResponsibleUserId, new IntegrationInput(ExternalRef, Attribution, Metadata));
}
