using FluentValidation;
using MakCrm.Application.Abstractions.Messaging;
using MakCrm.Application.Abstractions.Persistence;
using MakCrm.Application.Abstractions.Security;
using MakCrm.Domain.Access;
using MakCrm.Application.Common;
using MakCrm.Domain.Common;
using MakCrm.Domain.Leads;

namespace MakCrm.Application.Leads;

public sealed record CreateLeadCommand(
    Guid ClientId,
    decimal RequestedAmount,
    LoanProduct Product,
    string? Comment,
    string Status,
    Guid? ResponsibleUserId) : ICommand<LeadDto>;

internal sealed class CreateLeadValidator : AbstractValidator<CreateLeadCommand>
{
    public CreateLeadValidator()
    {
        RuleFor(c => c.ClientId).NotEmpty().WithMessage("Must be a client's id.");
        RuleFor(c => (decimal?)c.RequestedAmount).ValidAmount().OverridePropertyName("requestedAmount");
        RuleFor(c => c.Product).Defined();
        RuleFor(c => c.Comment).OptionalText(Lead.MaxCommentLength);
        RuleFor(c => c.Status).NotEmpty().WithMessage("Must be a lead status code.");
        RuleFor(c => c.ResponsibleUserId).NotEqual(Guid.Empty).WithMessage("Must be a user's id.");
    }
}

internal sealed class CreateLeadHandler(IClientRepository clients, ILeadRepository leads, ILeadStatusRepository statuses, ICurrentActor actor, TimeProvider clock)
    : ICommandHandler<CreateLeadCommand, LeadDto>
{
    public async Task<Result<LeadDto>> Handle(CreateLeadCommand command, CancellationToken cancellationToken)
    {
        // The share lock keeps the client from being deleted until this lead is committed.
        if (await clients.FindAsync(command.ClientId, DataScope.For(actor, Permissions.ClientsReadAll), RowLock.Share, cancellationToken) is null)
        {
            return Error.Validation("clientId", $"No client has the id {command.ClientId}.");
        }

        // The share lock keeps the status from being deleted until this lead is committed.
        if (await statuses.FindAsync(command.Status, RowLock.Share, cancellationToken) is null)
        {
            return await LeadStatusField.Unknown(statuses, command.Status, cancellationToken);
        }

        var details = new LeadDetails(
            command.RequestedAmount,
            command.Product,
            command.Comment,
            command.Status,
            command.ResponsibleUserId);
        var lead = Lead.Create(clock.NewId(), command.ClientId, actor.OrganizationId, details, actor.AsLeadActor(), clock.UtcNowMicroseconds());
        leads.Add(lead);
        return LeadDto.From(lead);
    }
}
