using MakCrm.Application.Documents;
using MakCrm.Application.Documents.Templates;
using MakCrm.Contracts;
using MakCrm.WebApi.Wire;

namespace MakCrm.WebApi.Endpoints;

/// <summary>The templates of generated documents: head office reads them, adds versions and previews them.</summary>
internal sealed class DocumentTemplateEndpoints : IEndpointGroup
{
    private const string Path = "/api/v1/document-templates";

    public void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(Path);
        group.MapGet("/", List).WithName("listDocumentTemplates");
        group.MapGet("/{name}", Get).WithName("getDocumentTemplate");
        group.MapPost("/{name}/versions", Create).WithName("createDocumentTemplateVersion");
        group.MapGet("/{name}/versions/{version:int}", GetVersion).WithName("getDocumentTemplateVersion");
        group
            .MapPost("/{name}/preview", Preview)
            .WithName("previewDocumentTemplate")
            .Produces(200, typeof(Stream), ContentSniffer.Pdf, [ContentSniffer.Docx, "text/html"]);
    }

    private static async Task<Results<JsonOk<DocumentTemplateList>, ProblemHttpResult>> List(
        IQueryHandler<ListDocumentTemplatesQuery, DocumentTemplateList> handler,
        CancellationToken cancellationToken
    ) => Respond.Value(await handler.Handle(new ListDocumentTemplatesQuery(), cancellationToken));

    private static async Task<Results<JsonOk<DocumentTemplate>, ProblemHttpResult>> Get(
        string name,
        IQueryHandler<GetDocumentTemplateQuery, DocumentTemplate> handler,
        CancellationToken cancellationToken
    ) => Respond.Value(await handler.Handle(new GetDocumentTemplateQuery(name), cancellationToken));

    private static async Task<Results<JsonOk<DocumentTemplateVersion>, ProblemHttpResult>> GetVersion(
        string name,
        int version,
        IQueryHandler<GetDocumentTemplateVersionQuery, DocumentTemplateVersion> handler,
        CancellationToken cancellationToken
    ) =>
        Respond.Value(await handler.Handle(new GetDocumentTemplateVersionQuery(name, version), cancellationToken));

    private static async Task<Results<JsonCreated<DocumentTemplateVersion>, ProblemHttpResult>> Create(
        string name,
        ICommandHandler<CreateDocumentTemplateVersionCommand, DocumentTemplateVersion> handler,
        Body<CreateDocumentTemplateVersionRequest> body,
        CancellationToken cancellationToken
    )
    {
        var command = new CreateDocumentTemplateVersionCommand(name, body.Value.Body, body.Value.Note);
        var result = await handler.Handle(command, cancellationToken);
        return result.IsSuccess
            ? JsonAnswer.Created($"{Path}/{name}/versions/{result.Value.Version}", result.Value)
            : Problems.From(result.Error!);
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> Preview(
        string name,
        IQueryHandler<PreviewDocumentTemplateQuery, DocumentTemplatePreview> handler,
        Body<PreviewDocumentTemplateRequest> body,
        CancellationToken cancellationToken
    )
    {
        var request = body.Value;
        var query = new PreviewDocumentTemplateQuery(
            name,
            request.Body,
            request.Version,
            request.DocumentId,
            request.Format
        );
        var preview = await handler.Handle(query, cancellationToken);
        return preview.IsSuccess
            ? TypedResults.File(preview.Value.Content, preview.Value.ContentType, preview.Value.FileName)
            : Problems.From(preview.Error!);
    }
}
