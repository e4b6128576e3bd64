using System.Text.Json;
using MakCrm.Application.Leads.Intake;
using MakCrm.Contracts;
using MakCrm.WebApi.OpenApi;
using Microsoft.AspNetCore.Mvc;

namespace MakCrm.WebApi.Wire;

/// <summary>
/// Up to 100 submissions (schema <c>LeadSubmissionBatchRequest</c>). The items are kept as raw JSON, so that each is
/// read and checked on its own: a malformed item is that item's problem, not the batch's.
/// </summary>
public sealed record LeadSubmissionBatchRequest
{
    public const int MaxItems = 100;

    [ItemsReadOnTheirOwn(typeof(CreateLeadSubmissionRequest))]
    public required IReadOnlyList<JsonElement> Items { get; init; }
}

/// <summary>
/// <see cref="LeadSubmissionBatchItem"/> as it is written: the problem is the <see cref="ProblemDetails"/> that
/// <see cref="Http.Problems"/> makes, whose extension members <see cref="Problem"/> describes.
/// </summary>
internal sealed record LeadSubmissionBatchItemWritten(
    int Index,
    LeadSubmissionOutcome Outcome,
    int Status,
    LeadSubmissionResult? Submission,
    ProblemDetails? Problem
)
{
    public static LeadSubmissionBatchItemWritten Created(int index, LeadIntakeOutcome outcome) =>
        new(
            index,
            outcome.Duplicate is null ? LeadSubmissionOutcome.Created : LeadSubmissionOutcome.Duplicate,
            StatusCodes.Status201Created,
            LeadSubmissionResult.From(outcome),
            null
        );

    public static LeadSubmissionBatchItemWritten Refused(int index, ProblemDetails problem) =>
        new(index, LeadSubmissionOutcome.Problem, problem.Status ?? StatusCodes.Status400BadRequest, null, problem);
}

internal sealed record LeadSubmissionBatchResultWritten(IReadOnlyList<LeadSubmissionBatchItemWritten> Items);
