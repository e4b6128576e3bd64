using FluentValidation;
using MakCrm.Application.Abstractions.Messaging;
using MakCrm.Application.Abstractions.Persistence;
using MakCrm.Application.Common;
using MakCrm.Domain.Common;
using MakCrm.Domain.Leads;

namespace MakCrm.Application.Leads;

/// <summary>A JSON merge patch of a lead: absent fields stay; comment is cleared by null or "", responsibleUserId by null.</summary>
public sealed record UpdateLeadCommand(
    Guid Id,
    VersionCheck IfMatch,
    Patch<decimal?> RequestedAmount,
    Patch<LoanProduct?> Product,
    Patch<string?> Comment,
    Patch<LeadStatus?> Status,
    Patch<Guid?> ResponsibleUserId) : ICommand<LeadDto>;

internal sealed class UpdateLeadValidator : AbstractValidator<UpdateLeadCommand>
{
    public UpdateLeadValidator()
    {
        When(c => c.RequestedAmount.IsPresent, () => RuleFor(c => c.RequestedAmount.Value)
            .NotNull().WithMessage("Must not be null: a lead always asks for an amount.")
            .ValidAmount()
            .OverridePropertyName("requestedAmount"));
        When(c => c.Product.IsPresent, () => RuleFor(c => c.Product.Value)
            .NotNull().WithMessage("Must not be null: a lead always has a product.")
            .DefinedOrNull()
            .OverridePropertyName("product"));
        When(c => c.Comment.IsPresent, () => RuleFor(c => c.Comment.Value).OptionalText(Lead.MaxCommentLength).OverridePropertyName("comment"));
        When(c => c.Status.IsPresent, () => RuleFor(c => c.Status.Value)
            .NotNull().WithMessage("Must not be null: a lead always has a status.")
            .DefinedOrNull()
            .OverridePropertyName("status"));
        When(c => c.ResponsibleUserId.IsPresent, () => RuleFor(c => c.ResponsibleUserId.Value)
            .NotEqual(Guid.Empty).WithMessage("Must be a user's id, or null.")
            .OverridePropertyName("responsibleUserId"));
    }
}

internal sealed class UpdateLeadHandler(ILeadRepository leads, TimeProvider clock)
    : ICommandHandler<UpdateLeadCommand, LeadDto>
{
    public async Task<Result<LeadDto>> Handle(UpdateLeadCommand command, CancellationToken cancellationToken)
    {
        var lead = await leads.FindAsync(command.Id, cancellationToken);
        if (lead is null)
        {
            return Error.NotFound("Lead", command.Id);
        }

        var precondition = command.IfMatch.Require(lead.Version);
        if (!precondition.IsSuccess)
        {
            return precondition.Error!;
        }

        var current = lead.Details;
        lead.Update(
            new LeadDetails(
                command.RequestedAmount.IsPresent ? command.RequestedAmount.Value!.Value : current.RequestedAmount,
                command.Product.IsPresent ? command.Product.Value!.Value : current.Product,
                command.Comment.Or(current.Comment),
                command.Status.IsPresent ? command.Status.Value!.Value : current.Status,
                command.ResponsibleUserId.Or(current.ResponsibleUserId)),
            clock.UtcNowMicroseconds());
        return LeadDto.From(lead);
    }
}
