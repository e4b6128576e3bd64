using MakCrm.Application.Common;
using MakCrm.Application.Leads;
using MakCrm.Domain.Common;
using MakCrm.Application.Leads.Intake;
using MakCrm.Domain.Leads;

namespace MakCrm.WebApi.Contracts;

public sealed record CreateLeadSubmissionRequest
{
    public required string FullName { get; init; }

    public required string Phone { get; init; }

    public string? Email { get; init; }

    public string? City { get; init; }

    public required string Source { get; init; }

    public decimal? RequestedAmount { get; init; }

    public LoanProduct? Product { get; init; }

    public string? Comment { get; init; }

    public string Status { get; init; } = Domain.Leads.LeadStatus.DefaultCode;

    public string? ExternalRef { get; init; }

    public Attribution? Attribution { get; init; }

    public IReadOnlyDictionary<string, string>? Metadata { get; init; }

    public LeadConsentInput? Consent { get; init; }

    public SubmitLeadCommand ToCommand() =>
        new(FullName, Phone, Email, City, Source, RequestedAmount, Product, Comment, Status, new IntegrationInput(ExternalRef, Attribution, Metadata), Consent);
}

/// <summary>The lead a submission created, and what duplicate control found (schema <c>LeadSubmissionResult</c>).</summary>
public sealed record LeadSubmissionResult(Lead Lead, bool ClientCreated, LeadDuplicate? Duplicate)
{
    public static LeadSubmissionResult From(LeadIntakeOutcome outcome) =>
        new(Lead.From(outcome.Lead), outcome.ClientCreated, outcome.Duplicate is { } d ? new LeadDuplicate(d.Of, d.MatchedBy, d.OriginalVisible) : null);
}

public sealed record LeadDuplicate(Guid Of, IReadOnlyList<DuplicateMatchField> MatchedBy, bool OriginalVisible);
