using System.Text.Json.Nodes;
using MakCrm.Application.Abstractions.Events;
using MakCrm.Application.Clients;
using MakCrm.Application.Consents;
using MakCrm.Application.CustomFields;
using MakCrm.Application.Leads.Intake;
using MakCrm.Domain.CustomFields;
using MakCrm.Domain.Leads;

namespace MakCrm.Application.Leads;

public sealed record CreateLeadCommand(
    Guid ClientId,
    decimal RequestedAmount,
    LoanProduct Product,
    string? Comment,
    string Status,
    Guid? ResponsibleUserId,
    IntegrationInput? Integration = null,
    JsonObject? CustomFields = null,
    IReadOnlyList<Contracts.LeadConsentItem>? Consents = null
) : ICommand<LeadDto>;

internal sealed class CreateLeadValidator : AbstractValidator<CreateLeadCommand>
{
    public CreateLeadValidator(TimeProvider clock)
    {
        RuleFor(c => c.ClientId).NotEmpty().WithMessage("Must be a client's id.");
        RuleFor(c => (decimal?)c.RequestedAmount).ValidAmount().OverridePropertyName("requestedAmount");
        RuleFor(c => c.Product).Defined();
        RuleFor(c => c.Comment).OptionalText(Lead.MaxCommentLength);
        RuleFor(c => c.Status).NotEmpty().WithMessage("Must be a lead status code.");
        RuleFor(c => c.ResponsibleUserId).NotEqual(Guid.Empty).WithMessage("Must be a user's id.");
        this.ValidIntegration(c => c.Integration ?? IntegrationInput.None);
        this.ValidLeadConsents(_ => null, c => c.Consents, clock);
    }
}

/// <summary>Creates the lead through the intake, so that a lead for a known client gets duplicate control
/// too.</summary>
internal sealed class CreateLeadHandler(
    ILeadIntake intake,
    IEventOutbox events,
    ICurrentActor actor,
    CustomFieldAccess customFields
) : ICommandHandler<CreateLeadCommand, LeadDto>
{
    public async Task<Result<LeadDto>> Handle(CreateLeadCommand command, CancellationToken cancellationToken)
    {
        var values = await customFields.CreateAsync(CustomFieldEntity.Lead, command.CustomFields, cancellationToken);
        if (!values.IsSuccess)
        {
            return values.Error!;
        }

        var details = new LeadDetails(
            command.RequestedAmount,
            command.Product,
            command.Comment,
            command.Status,
            command.ResponsibleUserId
        );
        var outcome = await intake.SubmitAsync(
            new LeadSubmission(
                new ExistingClient(command.ClientId),
                details,
                (command.Integration ?? IntegrationInput.None).ToData(actor),
                LeadConsents.Of(null, command.Consents, actor)
            )
            {
                CustomFields = values.Value,
            },
            cancellationToken
        );
        if (!outcome.IsSuccess)
        {
            return outcome.Error!;
        }

        LeadEvents.RaiseIntake(events, outcome.Value);
        return outcome.Value.Lead;
    }
}
