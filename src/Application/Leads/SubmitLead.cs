using System.Text.Json.Nodes;
using MakCrm.Application.Abstractions.Events;
using MakCrm.Application.Clients;
using MakCrm.Application.Consents;
using MakCrm.Application.CustomFields;
using MakCrm.Application.Leads.Intake;
using MakCrm.Domain.Clients;
using MakCrm.Domain.CustomFields;
using MakCrm.Domain.Leads;

namespace MakCrm.Application.Leads;

/// <summary>A lead with the contact data of its client, from a platform, the bot or a cabinet (POST
/// /api/v1/lead-submissions).</summary>
public sealed record SubmitLeadCommand(
    string FullName,
    string Phone,
    string? Email,
    string? City,
    string Source,
    decimal? RequestedAmount,
    LoanProduct? Product,
    string? Comment,
    string Status,
    IntegrationInput? Integration = null,
    Contracts.LeadConsentInput? Consent = null,
    IReadOnlyList<Contracts.LeadConsentItem>? Consents = null,
    JsonObject? CustomFields = null
) : ICommand<LeadIntakeOutcome>;

internal sealed class SubmitLeadValidator : AbstractValidator<SubmitLeadCommand>
{
    public SubmitLeadValidator(TimeProvider clock)
    {
        RuleFor(c => c.FullName).RequiredText(Client.MaxFullNameLength);
        RuleFor(c => c.Phone).ValidPhone();
        RuleFor(c => c.Email).ValidEmailOrEmpty();
        RuleFor(c => c.City).OptionalText(Client.MaxCityLength);
        RuleFor(c => c.Source).ValidSourceCode();
        RuleFor(c => c.RequestedAmount).ValidAmount().When(c => c.RequestedAmount is not null);
        RuleFor(c => c.Product).DefinedOrNull();
        RuleFor(c => c.Comment).OptionalText(Lead.MaxCommentLength);
        RuleFor(c => c.Status).NotEmpty().WithMessage("Must be a lead status code.");
        this.ValidIntegration(c => c.Integration ?? IntegrationInput.None);
        RuleFor(c => c.Consent!.GivenAt)
            .Must(at => at <= clock.GetUtcNow() + ClientConsentInput.ClockSkew)
            .WithMessage("Must not be in the future.")
            .OverridePropertyName("consent.givenAt")
            .When(c => c.Consent is not null);
        RuleFor(c => c.Consent!.TextVersion)
            .RequiredText(ClientConsent.MaxTextVersionLength)
            .OverridePropertyName("consent.textVersion")
            .When(c => c.Consent is not null);
        this.ValidLeadConsents(c => c.Consent, c => c.Consents, clock);
    }
}

internal sealed class SubmitLeadHandler(
    ILeadIntake intake,
    IEventOutbox events,
    ICurrentActor actor,
    CustomFieldAccess customFields
) : ICommandHandler<SubmitLeadCommand, LeadIntakeOutcome>
{
    public async Task<Result<LeadIntakeOutcome>> Handle(SubmitLeadCommand command, CancellationToken cancellationToken)
    {
        var values = await customFields.CreateAsync(CustomFieldEntity.Lead, command.CustomFields, cancellationToken);
        if (!values.IsSuccess)
        {
            return values.Error!;
        }

        var contact = new SubmittedContact(
            command.FullName,
            PhoneNumber.Parse(command.Phone),
            string.IsNullOrWhiteSpace(command.Email) ? null : EmailAddress.Parse(command.Email),
            command.City,
            command.Source
        );
        var details = new LeadDetails(command.RequestedAmount, command.Product, command.Comment, command.Status, null);
        var consents = LeadConsents.Of(command.Consent, command.Consents, actor);
        var integration = (command.Integration ?? IntegrationInput.None).ToData(actor);
        var outcome = await intake.SubmitAsync(
            new LeadSubmission(contact, details, integration, consents) { CustomFields = values.Value },
            cancellationToken
        );
        if (!outcome.IsSuccess)
        {
            return outcome.Error!;
        }

        LeadEvents.RaiseIntake(events, outcome.Value);
        return outcome.Value;
    }
}
