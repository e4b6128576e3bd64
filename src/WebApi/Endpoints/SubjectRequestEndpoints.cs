using MakCrm.Application.Abstractions.Messaging;
using MakCrm.Application.Common;
using MakCrm.Application.SubjectRequests;
using MakCrm.Contracts;
using MakCrm.Domain.Common;
using MakCrm.WebApi.Http;
using MakCrm.WebApi.Wire;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace MakCrm.WebApi.Endpoints;

/// <summary>Subject requests: registered by cabinets, the bot and head office, verified, then decided by head
/// office on the legal clock.</summary>
internal sealed class SubjectRequestEndpoints : IEndpointGroup
{
    private const string Path = "/api/v1/subject-requests";

    public void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(Path);
        group.MapGet("/", List).WithName("listSubjectRequests").SortedBy(SubjectRequestSorts.Catalog);
        group.MapPost("/", Create).WithName("createSubjectRequest");
        group.MapGet("/{id:guid}", Get).WithName("getSubjectRequest");
        group.MapPost("/{id:guid}/verification-code", SendCode).WithName("sendSubjectRequestCode");
        group.MapPost("/{id:guid}/verification", Verify).WithName("verifySubjectRequest");
        group.MapPost("/{id:guid}/extension", Extend).WithName("extendSubjectRequest");
        group.MapPost("/{id:guid}/answer", Answer).WithName("answerSubjectRequest");
        group.MapPost("/{id:guid}/refusal", Refuse).WithName("refuseSubjectRequest");
        group.MapPost("/{id:guid}/closure", Close).WithName("closeSubjectRequest");
    }

    private static async Task<Results<JsonOk<SubjectRequestPage>, ProblemHttpResult>> List(
        IQueryHandler<ListSubjectRequestsQuery, Page<Contracts.SubjectRequest>> handler,
        [AsParameters] ListSubjectRequestsParameters query,
        CancellationToken cancellationToken
    )
    {
        var list = new ListSubjectRequestsQuery(
            query.Status?.Value,
            query.Kind?.Value,
            query.ClientId,
            query.DueBefore,
            query.Sort,
            query.Cursor,
            query.Limit
        );
        return Respond.Value(await handler.Handle(list, cancellationToken), SubjectRequestPage.From);
    }

    private static async Task<Results<JsonCreated<Contracts.SubjectRequest>, ProblemHttpResult>> Create(
        HttpContext http,
        ICommandHandler<CreateSubjectRequestCommand, Contracts.SubjectRequest> handler,
        Body<CreateSubjectRequestRequest> body,
        CancellationToken cancellationToken
    ) => Respond.Created(http.Response, Path, await handler.Handle(body.Value.ToCommand(), cancellationToken));

    private static async Task<Results<JsonOk<Contracts.SubjectRequest>, ProblemHttpResult>> Get(
        Guid id,
        HttpResponse response,
        IQueryHandler<GetSubjectRequestQuery, Contracts.SubjectRequest> handler,
        CancellationToken cancellationToken
    ) => Respond.Ok(response, await handler.Handle(new GetSubjectRequestQuery(id), cancellationToken));

    private static async Task<Results<JsonAccepted<SubjectRequestCodeSent>, ProblemHttpResult>> SendCode(
        Guid id,
        [AsParameters] SendSubjectRequestCodeParameters query,
        ICommandHandler<SendSubjectRequestCodeCommand, SubjectRequestCodeSent> handler,
        CancellationToken cancellationToken
    )
    {
        var send = new SendSubjectRequestCodeCommand(id, query.Channel?.Value ?? SubjectCodeChannel.Email);
        return Respond.Accepted(await handler.Handle(send, cancellationToken));
    }

    private static async Task<Results<JsonOk<Contracts.SubjectRequest>, ProblemHttpResult>> Verify(
        Guid id,
        [FromHeader(Name = "If-Match")] string? ifMatch,
        HttpResponse response,
        ICommandHandler<VerifySubjectRequestCommand, SubjectVerificationOutcome> handler,
        Body<VerifySubjectRequestRequest> body,
        CancellationToken cancellationToken
    )
    {
        var request = body.Value;
        var command = new VerifySubjectRequestCommand(
            id,
            ETag.IfMatch(ifMatch),
            request.Method,
            request.Code,
            request.DocumentId
        );
        var result = await handler.Handle(command, cancellationToken);
        return !result.IsSuccess ? Problems.From(result.Error!)
            : result.Value.Refusal is { } refusal ? Problems.From(refusal)
            : Respond.Ok(response, Result<Contracts.SubjectRequest>.Success(result.Value.Request!));
    }

    private static async Task<Results<JsonOk<Contracts.SubjectRequest>, ProblemHttpResult>> Extend(
        Guid id,
        [FromHeader(Name = "If-Match")] string? ifMatch,
        HttpResponse response,
        ICommandHandler<ExtendSubjectRequestCommand, Contracts.SubjectRequest> handler,
        Body<SubjectRequestReason> body,
        CancellationToken cancellationToken
    ) =>
        Respond.Ok(
            response,
            await handler.Handle(
                new ExtendSubjectRequestCommand(id, ETag.IfMatch(ifMatch), body.Value.Reason),
                cancellationToken
            )
        );

    private static async Task<Results<JsonOk<Contracts.SubjectRequest>, ProblemHttpResult>> Answer(
        Guid id,
        [FromHeader(Name = "If-Match")] string? ifMatch,
        HttpResponse response,
        ICommandHandler<AnswerSubjectRequestCommand, Contracts.SubjectRequest> handler,
        Body<AnswerSubjectRequestRequest> body,
        CancellationToken cancellationToken
    ) =>
        Respond.Ok(
            response,
            await handler.Handle(
                new AnswerSubjectRequestCommand(id, ETag.IfMatch(ifMatch), body.Value.Text),
                cancellationToken
            )
        );

    private static async Task<Results<JsonOk<Contracts.SubjectRequest>, ProblemHttpResult>> Refuse(
        Guid id,
        [FromHeader(Name = "If-Match")] string? ifMatch,
        HttpResponse response,
        ICommandHandler<RefuseSubjectRequestCommand, Contracts.SubjectRequest> handler,
        Body<SubjectRequestReason> body,
        CancellationToken cancellationToken
    ) =>
        Respond.Ok(
            response,
            await handler.Handle(
                new RefuseSubjectRequestCommand(id, ETag.IfMatch(ifMatch), body.Value.Reason),
                cancellationToken
            )
        );

    private static async Task<Results<JsonOk<Contracts.SubjectRequest>, ProblemHttpResult>> Close(
        Guid id,
        [FromHeader(Name = "If-Match")] string? ifMatch,
        HttpResponse response,
        ICommandHandler<CloseSubjectRequestCommand, Contracts.SubjectRequest> handler,
        CancellationToken cancellationToken
    ) =>
        Respond.Ok(
            response,
            await handler.Handle(new CloseSubjectRequestCommand(id, ETag.IfMatch(ifMatch)), cancellationToken)
        );
}
