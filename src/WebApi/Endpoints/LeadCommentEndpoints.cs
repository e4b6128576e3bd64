using MakCrm.Application.LeadTimeline;
using MakCrm.Contracts;
using MakCrm.WebApi.Wire;

namespace MakCrm.WebApi.Endpoints;

/// <summary>A lead's comments.</summary>
internal sealed class LeadCommentEndpoints : IEndpointGroup
{
    public void Map(IEndpointRouteBuilder app)
    {
        var lead = app.MapGroup("/api/v1/leads/{id:guid}");
        lead.MapGet("/comments", ListComments).WithName("listLeadComments");
        lead.MapPost("/comments", AddComment).WithName("addLeadComment");
    }

    private static async Task<Results<JsonOk<LeadCommentPage>, ProblemHttpResult>> ListComments(
        Guid id,
        IQueryHandler<ListLeadCommentsQuery, Page<LeadCommentDto>> handler,
        [AsParameters] ListLeadCommentsParameters query,
        CancellationToken cancellationToken
    ) =>
        Respond.Value(
            await handler.Handle(new ListLeadCommentsQuery(id, query.Cursor, query.Limit), cancellationToken),
            LeadCommentPage.From
        );

    private static async Task<Results<JsonCreated<LeadComment>, ProblemHttpResult>> AddComment(
        Guid id,
        HttpContext http,
        ICommandHandler<AddLeadCommentCommand, LeadCommentDto> handler,
        Body<CreateLeadCommentRequest> body,
        CancellationToken cancellationToken
    )
    {
        // Comments have no URL of their own (they are read in the lead's lists), so no Location.
        var result = await handler.Handle(new AddLeadCommentCommand(id, body.Value.Text), cancellationToken);
        return result.IsSuccess
            ? JsonAnswer.Created((string?)null, LeadComment.From(result.Value))
            : Problems.From(result.Error!);
    }
}
