using MakCrm.Application.Abstractions.Messaging;
using MakCrm.Application.BorrowerChecks;
using MakCrm.Application.Common;
using MakCrm.Contracts;
using MakCrm.Domain.Common;
using MakCrm.WebApi.Http;
using MakCrm.WebApi.Wire;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace MakCrm.WebApi.Endpoints;

/// <summary>Checks of borrowers, on a client and through a lead; the sanctions list; head office's policy.</summary>
internal sealed class BorrowerCheckEndpoints : IEndpointGroup
{
    private const string Checks = "/api/v1/borrower-checks";
    private const string Lists = "/api/v1/sanctions-lists";

    /// <summary>A list file is at most this large (the list has some ten thousand lines).</summary>
    private const long MaxListFileBytes = 32L * 1024 * 1024;

    public void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/clients/{id:guid}/borrower-checks", ListOfClient).WithName("listClientBorrowerChecks");
        app.MapPost("/api/v1/clients/{id:guid}/borrower-checks", Run).WithName("runBorrowerCheck");
        app.MapGet("/api/v1/leads/{id:guid}/borrower-checks", ListOfLead).WithName("listLeadBorrowerChecks");
        app.MapGet($"{Checks}/{{id:guid}}", Get).WithName("getBorrowerCheck");
        app.MapPost(Lists, ImportList)
            .WithName("importSanctionsList")
            .Accepts<SanctionsListUpload>("multipart/form-data")
            .WithMetadata(new RequestSizeLimitAttribute(MaxListFileBytes + (64 * 1024)))
            .WithFormOptions(multipartBodyLengthLimit: MaxListFileBytes);
        app.MapGet($"{Lists}/{{id:guid}}", GetList).WithName("getSanctionsList");
        app.MapGet("/api/v1/borrower-check-policy", GetPolicy).WithName("getBorrowerCheckPolicy");
        app.MapPut("/api/v1/borrower-check-policy", ReplacePolicy).WithName("replaceBorrowerCheckPolicy");
    }

    private static async Task<Results<JsonOk<BorrowerCheckPage>, ProblemHttpResult>> ListOfClient(
        Guid id,
        IQueryHandler<ListBorrowerChecksQuery, Page<Contracts.BorrowerCheck>> handler,
        [AsParameters] ListClientBorrowerChecksParameters query,
        CancellationToken cancellationToken
    )
    {
        var list = new ListBorrowerChecksQuery(id, null, query.Kind?.Value, query.Cursor, query.Limit);
        return Respond.Value(await handler.Handle(list, cancellationToken), BorrowerCheckPage.From);
    }

    private static async Task<Results<JsonOk<BorrowerCheckPage>, ProblemHttpResult>> ListOfLead(
        Guid id,
        IQueryHandler<ListBorrowerChecksQuery, Page<Contracts.BorrowerCheck>> handler,
        [AsParameters] ListLeadBorrowerChecksParameters query,
        CancellationToken cancellationToken
    )
    {
        var list = new ListBorrowerChecksQuery(null, id, query.Kind?.Value, query.Cursor, query.Limit);
        return Respond.Value(await handler.Handle(list, cancellationToken), BorrowerCheckPage.From);
    }

    private static async Task<Results<JsonCreated<Contracts.BorrowerCheck>, ProblemHttpResult>> Run(
        Guid id,
        HttpResponse response,
        ICommandHandler<RunBorrowerCheckCommand, Contracts.BorrowerCheck> handler,
        Body<RunBorrowerCheckRequest> body,
        CancellationToken cancellationToken
    ) => Respond.Created(response, Checks, await handler.Handle(body.Value.ToCommand(id), cancellationToken));

    private static async Task<Results<JsonOk<Contracts.BorrowerCheck>, ProblemHttpResult>> Get(
        Guid id,
        HttpResponse response,
        IQueryHandler<GetBorrowerCheckQuery, Contracts.BorrowerCheck> handler,
        CancellationToken cancellationToken
    ) => Respond.Ok(response, await handler.Handle(new GetBorrowerCheckQuery(id), cancellationToken));

    private static async Task<Results<JsonCreated<Contracts.SanctionsList>, ProblemHttpResult>> ImportList(
        HttpRequest request,
        ICommandHandler<ImportSanctionsListCommand, Contracts.SanctionsList> handler,
        CancellationToken cancellationToken
    )
    {
        if (!request.HasFormContentType)
        {
            return Problems.Result(
                StatusCodes.Status415UnsupportedMediaType,
                ErrorCodes.UnsupportedMediaType,
                "Send the list as multipart/form-data."
            );
        }

        var read = await FormBody.ReadAsync(request, cancellationToken);
        if (!read.IsSuccess)
        {
            return Problems.From(read.Error!);
        }

        var form = read.Value;
        var file = form.Files.GetFile("file");
        var version = form["version"].ToString();
        if (file is null)
        {
            return Problems.From(Error.Validation("file", "Is required: the list's XML or CSV file."));
        }

        await using var content = file.OpenReadStream();
        var result = await handler.Handle(new ImportSanctionsListCommand(version, content), cancellationToken);
        return Respond.CreatedAt(result, list => $"{Lists}/{list.Id}");
    }

    private static async Task<Results<JsonOk<Contracts.SanctionsList>, ProblemHttpResult>> GetList(
        Guid id,
        IQueryHandler<GetSanctionsListQuery, Contracts.SanctionsList> handler,
        CancellationToken cancellationToken
    ) => Respond.Value(await handler.Handle(new GetSanctionsListQuery(id), cancellationToken));

    private static async Task<Results<JsonOk<Contracts.BorrowerCheckPolicy>, ProblemHttpResult>> GetPolicy(
        HttpResponse response,
        IQueryHandler<GetBorrowerCheckPolicyQuery, Contracts.BorrowerCheckPolicy> handler,
        CancellationToken cancellationToken
    ) => Versioned(response, await handler.Handle(new GetBorrowerCheckPolicyQuery(), cancellationToken));

    private static async Task<Results<JsonOk<Contracts.BorrowerCheckPolicy>, ProblemHttpResult>> ReplacePolicy(
        [FromHeader(Name = "If-Match")] string? ifMatch,
        HttpResponse response,
        ICommandHandler<ReplaceBorrowerCheckPolicyCommand, Contracts.BorrowerCheckPolicy> handler,
        Body<ReplaceBorrowerCheckPolicyRequest> body,
        CancellationToken cancellationToken
    ) => Versioned(response, await handler.Handle(body.Value.ToCommand(ETag.IfMatch(ifMatch)), cancellationToken));

    /// <summary>The policy is one row without an id of its own: its version is its ETag all the same.</summary>
    private static Results<JsonOk<Contracts.BorrowerCheckPolicy>, ProblemHttpResult> Versioned(
        HttpResponse response,
        Result<Contracts.BorrowerCheckPolicy> result
    )
    {
        if (result.IsSuccess)
        {
            ETag.Write(response, result.Value.Version);
        }

        return Respond.Value(result);
    }
}
