using MakCrm.Application.Common;
using MakCrm.Application.Leads;
using MakCrm.Domain.Common;
using MakCrm.Application.Leads.Intake;
using MakCrm.Domain.Leads;

namespace MakCrm.WebApi.Contracts;

public sealed partial record CreateLeadSubmissionRequest
{
    public SubmitLeadCommand ToCommand() =>
        new(FullName, Phone, Email, City, Source, RequestedAmount, Product, Comment, Status, new IntegrationInput(ExternalRef, Attribution, Metadata), Consent);
}

/// <summary>The lead a submission created, and what duplicate control found (schema <c>LeadSubmissionResult</c>).</summary>
public sealed partial record LeadSubmissionResult
{
    public static LeadSubmissionResult From(LeadIntakeOutcome outcome) =>
        new(Lead.From(outcome.Lead), outcome.ClientCreated, outcome.Duplicate is { } d ? new LeadDuplicateDto(d.Of, d.MatchedBy, d.OriginalVisible) : null);
}

