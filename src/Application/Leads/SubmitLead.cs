using FluentValidation;
using MakCrm.Application.Clients;
using MakCrm.Application.Abstractions.Messaging;
using MakCrm.Application.Common;
using MakCrm.Application.Leads.Intake;
using MakCrm.Domain.Clients;
using MakCrm.Domain.Common;
using MakCrm.Domain.Leads;

namespace MakCrm.Application.Leads;

/// <summary>A lead with the contact data of its client, from a platform, the bot or a cabinet (POST /api/v1/lead-submissions).</summary>
public sealed record SubmitLeadCommand(
    string FullName,
    string Phone,
    string? Email,
    string? City,
    string Source,
    decimal RequestedAmount,
    LoanProduct Product,
    string? Comment,
    string Status) : ICommand<LeadIntakeOutcome>;

internal sealed class SubmitLeadValidator : AbstractValidator<SubmitLeadCommand>
{
    public SubmitLeadValidator()
    {
        RuleFor(c => c.FullName).RequiredText(Client.MaxFullNameLength);
        RuleFor(c => c.Phone).ValidPhone();
        RuleFor(c => c.Email).ValidEmailOrEmpty();
        RuleFor(c => c.City).OptionalText(Client.MaxCityLength);
        RuleFor(c => c.Source).ValidSourceCode();
        RuleFor(c => (decimal?)c.RequestedAmount).ValidAmount().OverridePropertyName("requestedAmount");
        RuleFor(c => c.Product).Defined();
        RuleFor(c => c.Comment).OptionalText(Lead.MaxCommentLength);
        RuleFor(c => c.Status).NotEmpty().WithMessage("Must be a lead status code.");
    }
}

internal sealed class SubmitLeadHandler(ILeadIntake intake, ClientSummaryLookup summaries) : ICommandHandler<SubmitLeadCommand, LeadIntakeOutcome>
{
    public async Task<Result<LeadIntakeOutcome>> Handle(SubmitLeadCommand command, CancellationToken cancellationToken)
    {
        var contact = new SubmittedContact(
            command.FullName,
            PhoneNumber.Parse(command.Phone),
            string.IsNullOrWhiteSpace(command.Email) ? null : EmailAddress.Parse(command.Email),
            command.City,
            command.Source);
        var details = new LeadDetails(command.RequestedAmount, command.Product, command.Comment, command.Status, null);
        var outcome = await intake.SubmitAsync(new LeadSubmission(contact, details), cancellationToken);
        if (!outcome.IsSuccess)
        {
            return outcome.Error!;
        }

        var lead = outcome.Value.Lead;
        return outcome.Value with { Lead = lead with { Client = await summaries.ForAsync(lead.ClientId, cancellationToken) } };
    }
}
