using MakCrm.Application.Leads;
using MakCrm.Application.Leads.Intake;
using MakCrm.Contracts;
using MakCrm.Domain.Common;

namespace MakCrm.WebApi.Wire;

/// <summary>How the API answers and reads these resources, where it does more than copy.</summary>
internal static class LeadSubmissionResultMappings
{
    extension(CreateLeadSubmissionRequest request)
    {
        public SubmitLeadCommand ToCommand() =>
            new(
                request.FullName,
                request.Phone,
                request.Email,
                request.City,
                request.Source,
                request.RequestedAmount,
                request.Product,
                request.Comment,
                request.Status,
                new IntegrationInput(request.ExternalRef, request.Attribution, request.Metadata),
                request.Consent,
                request.Consents,
                request.CustomFields
            );
    }

    /// <summary>The lead a submission created, and what duplicate control found (schema
    /// <c>LeadSubmissionResult</c>).</summary>
    extension(LeadSubmissionResult)
    {
        public static LeadSubmissionResult From(LeadIntakeOutcome outcome) =>
            new(
                Lead.From(outcome.Lead),
                outcome.ClientCreated,
                outcome.Duplicate is { } d ? new Contracts.LeadDuplicate(d.Of, d.MatchedBy, d.OriginalVisible) : null
            );
    }
}
