using System.Text.Json;
using MakCrm.Application.Leads.Intake;
using MakCrm.WebApi.OpenApi;
using Microsoft.AspNetCore.Mvc;

namespace MakCrm.WebApi.Contracts;

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

/// <summary>What became of one submission of a batch.</summary>
public enum LeadSubmissionOutcome
{
    /// <summary>A lead was created, not a duplicate.</summary>
    Created,

    /// <summary>A lead was created as a duplicate of an open lead (<c>submission.duplicate</c> says which).</summary>
    Duplicate,

    /// <summary>Nothing was written; <c>problem</c> says why, as the single submission would have answered.</summary>
    Problem,
}

/// <summary>The batch's answer, one item per submission in order (schema <c>LeadSubmissionBatchResult</c>).</summary>
public sealed record LeadSubmissionBatchResult(IReadOnlyList<LeadSubmissionBatchItem> Items);

/// <summary>
/// One submission's result (schema <c>LeadSubmissionBatchItem</c>): <c>status</c> is what submitLead would have
/// answered (201, or the problem's status).
/// </summary>
public sealed record LeadSubmissionBatchItem(int Index, LeadSubmissionOutcome Outcome, int Status, LeadSubmissionResult? Submission, Problem? Problem);

/// <summary>
/// <see cref="LeadSubmissionBatchItem"/> as it is written: the problem is the <see cref="ProblemDetails"/> that
/// <see cref="Http.Problems"/> makes, whose extension members <see cref="Problem"/> describes.
/// </summary>
internal sealed record LeadSubmissionBatchItemWritten(int Index, LeadSubmissionOutcome Outcome, int Status, LeadSubmissionResult? Submission, ProblemDetails? Problem)
{
    public static LeadSubmissionBatchItemWritten Created(int index, LeadIntakeOutcome outcome) =>
        new(index, outcome.Duplicate is null ? LeadSubmissionOutcome.Created : LeadSubmissionOutcome.Duplicate, StatusCodes.Status201Created, LeadSubmissionResult.From(outcome), null);

    public static LeadSubmissionBatchItemWritten Refused(int index, ProblemDetails problem) =>
        new(index, LeadSubmissionOutcome.Problem, problem.Status ?? StatusCodes.Status400BadRequest, null, problem);
}

internal sealed record LeadSubmissionBatchResultWritten(IReadOnlyList<LeadSubmissionBatchItemWritten> Items);
