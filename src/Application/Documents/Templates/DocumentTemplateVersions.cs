using MakCrm.Application.Abstractions.Documents;
using MakCrm.Domain.Access;
using MakCrm.Domain.Documents;

namespace MakCrm.Application.Documents.Templates;

public sealed record ListDocumentTemplatesQuery : IQuery<Contracts.DocumentTemplateList>;

public sealed record GetDocumentTemplateQuery(string Name) : IQuery<Contracts.DocumentTemplate>;

public sealed record GetDocumentTemplateVersionQuery(string Name, int Version)
    : IQuery<Contracts.DocumentTemplateVersion>;

/// <summary>A new version of a template, which new documents are rendered with once it is stored.</summary>
public sealed record CreateDocumentTemplateVersionCommand(string Name, string Body, string? Note)
    : ICommand<Contracts.DocumentTemplateVersion>;

/// <summary>A draft or a version of a template rendered with the sample model or a generated document's input;
/// nothing is stored.</summary>
public sealed record PreviewDocumentTemplateQuery(
    string Name,
    string? Body,
    int? Version,
    Guid? DocumentId,
    Contracts.DocumentTemplatePreviewFormat Format
) : IQuery<DocumentTemplatePreview>;

/// <summary>A preview and the name to save it under.</summary>
public sealed record DocumentTemplatePreview(string FileName, string ContentType, byte[] Content);

/// <summary>A template's versions, embedded and stored, and the answers made of them.</summary>
internal sealed class DocumentTemplateCatalog(
    IDocumentTemplateEngine engine,
    IDocumentTemplateVersionRepository versions
)
{
    public static Error NotFound(string name) =>
        new(ErrorCodes.NotFound, $"There is no document template '{name}'.", ErrorKind.NotFound);

    public static Error VersionNotFound(string name, int version) =>
        new(ErrorCodes.NotFound, $"Document template '{name}' has no version {version}.", ErrorKind.NotFound);

    public bool Exists(string name) => engine.Names.Contains(name, StringComparer.Ordinal);

    /// <summary>The number a new version of the template takes: after every embedded and stored one.</summary>
    public async Task<int> NextNumberAsync(string name, CancellationToken cancellationToken) =>
        Math.Max(engine.EmbeddedVersions(name)[^1], await versions.NewestNumberAsync(name, cancellationToken) ?? 0)
        + 1;

    public async Task<IReadOnlyList<Contracts.DocumentTemplate>> DescribeAsync(
        string? name,
        CancellationToken cancellationToken
    )
    {
        var stored = (await versions.ListAsync(name, cancellationToken)).ToLookup(v => v.Name, StringComparer.Ordinal);
        return engine
            .Names.Where(n => name is null || n == name)
            .Order(StringComparer.Ordinal)
            .Select(n => Describe(n, stored[n].ToList()))
            .ToList();
    }

    public Contracts.DocumentTemplateVersion VersionOf(string name, int current, DocumentTemplateVersion stored) =>
        new(
            name,
            stored.Number,
            Contracts.DocumentTemplateSource.Stored,
            stored.Number == current,
            stored.Note,
            stored.CreatedByUserId,
            stored.CreatedAt,
            stored.Body
        );

    private Contracts.DocumentTemplate Describe(string name, List<DocumentTemplateVersion> stored)
    {
        var embedded = engine.EmbeddedVersions(name);
        var current = Math.Max(embedded[^1], stored.Count == 0 ? 0 : stored.Max(v => v.Number));
        var summaries = embedded
            .Select(v => new Contracts.DocumentTemplateVersionSummary(
                v,
                Contracts.DocumentTemplateSource.Embedded,
                v == current,
                null,
                null,
                null
            ))
            .Concat(
                stored.Select(v => new Contracts.DocumentTemplateVersionSummary(
                    v.Number,
                    Contracts.DocumentTemplateSource.Stored,
                    v.Number == current,
                    v.Note,
                    v.CreatedByUserId,
                    v.CreatedAt
                ))
            )
            .OrderBy(v => v.Version)
            .ToList();
        var fields = DocumentTemplateField
            .Flatten(DocumentTemplateModels.Fields(name))
            .Select(f => new Contracts.DocumentTemplateField(f.Path, f.Field.Type, f.Field.Sample))
            .ToList();
        return new(name, current, summaries, fields);
    }
}

internal sealed class DocumentTemplateNameValidator : AbstractValidator<GetDocumentTemplateQuery>
{
    public DocumentTemplateNameValidator() => RuleFor(q => q.Name).NotEmpty().MaximumLength(40);
}

internal sealed class CreateDocumentTemplateVersionValidator : AbstractValidator<CreateDocumentTemplateVersionCommand>
{
    public CreateDocumentTemplateVersionValidator()
    {
        RuleFor(c => c.Body).RequiredText(DocumentTemplateVersion.MaxBodyLength);
        RuleFor(c => c.Note).OptionalText(DocumentTemplateVersion.MaxNoteLength);
    }
}

internal sealed class PreviewDocumentTemplateValidator : AbstractValidator<PreviewDocumentTemplateQuery>
{
    public PreviewDocumentTemplateValidator()
    {
        RuleFor(q => q.Body).RequiredText(DocumentTemplateVersion.MaxBodyLength).When(q => q.Body is not null);
        RuleFor(q => q.Version)
            .Null()
            .WithMessage("Give either a draft body or a version, not both.")
            .When(q => q.Body is not null);
        RuleFor(q => q.Version).GreaterThan(0);
    }
}

internal sealed class ListDocumentTemplatesHandler(DocumentTemplateCatalog catalog)
    : IQueryHandler<ListDocumentTemplatesQuery, Contracts.DocumentTemplateList>
{
    public async Task<Result<Contracts.DocumentTemplateList>> Handle(
        ListDocumentTemplatesQuery query,
        CancellationToken cancellationToken
    ) => new Contracts.DocumentTemplateList(await catalog.DescribeAsync(null, cancellationToken));
}

internal sealed class GetDocumentTemplateHandler(DocumentTemplateCatalog catalog)
    : IQueryHandler<GetDocumentTemplateQuery, Contracts.DocumentTemplate>
{
    public async Task<Result<Contracts.DocumentTemplate>> Handle(
        GetDocumentTemplateQuery query,
        CancellationToken cancellationToken
    ) =>
        catalog.Exists(query.Name)
            ? (await catalog.DescribeAsync(query.Name, cancellationToken))[0]
            : DocumentTemplateCatalog.NotFound(query.Name);
}

internal sealed class GetDocumentTemplateVersionHandler(
    DocumentTemplateCatalog catalog,
    IDocumentTemplateEngine engine,
    IDocumentTemplateVersionRepository versions
) : IQueryHandler<GetDocumentTemplateVersionQuery, Contracts.DocumentTemplateVersion>
{
    public async Task<Result<Contracts.DocumentTemplateVersion>> Handle(
        GetDocumentTemplateVersionQuery query,
        CancellationToken cancellationToken
    )
    {
        if (!catalog.Exists(query.Name))
        {
            return DocumentTemplateCatalog.NotFound(query.Name);
        }

        var current = await catalog.NextNumberAsync(query.Name, cancellationToken) - 1;
        if (engine.EmbeddedBody(query.Name, query.Version) is { } body)
        {
            return new Contracts.DocumentTemplateVersion(
                query.Name,
                query.Version,
                Contracts.DocumentTemplateSource.Embedded,
                query.Version == current,
                null,
                null,
                null,
                body
            );
        }

        return await versions.GetAsync(query.Name, query.Version, cancellationToken) is { } stored
            ? catalog.VersionOf(query.Name, current, stored)
            : DocumentTemplateCatalog.VersionNotFound(query.Name, query.Version);
    }
}

/// <summary>Checks the body, numbers it after every version before it and stores it; the save audits it.</summary>
internal sealed class CreateDocumentTemplateVersionHandler(
    DocumentTemplateCatalog catalog,
    IDocumentTemplateEngine engine,
    IDocumentTemplateVersionRepository versions,
    ICurrentActor actor,
    TimeProvider clock
) : ICommandHandler<CreateDocumentTemplateVersionCommand, Contracts.DocumentTemplateVersion>
{
    public async Task<Result<Contracts.DocumentTemplateVersion>> Handle(
        CreateDocumentTemplateVersionCommand command,
        CancellationToken cancellationToken
    )
    {
        if (!catalog.Exists(command.Name))
        {
            return DocumentTemplateCatalog.NotFound(command.Name);
        }

        if (engine.Check(command.Name, command.Body) is { IsSuccess: false } invalid)
        {
            return invalid.Error!;
        }

        var number = await catalog.NextNumberAsync(command.Name, cancellationToken);
        var created = DocumentTemplateVersion.Create(
            clock.NewId(),
            command.Name,
            number,
            command.Body,
            string.IsNullOrWhiteSpace(command.Note) ? null : command.Note.Trim(),
            actor.UserId,
            clock.UtcNowMicroseconds()
        );
        versions.Add(created);
        return catalog.VersionOf(command.Name, number, created);
    }
}

/// <summary>Renders the draft or version with the sample model, or with a generated document's input of the same
/// template.</summary>
internal sealed class PreviewDocumentTemplateHandler(
    DocumentTemplateCatalog catalog,
    IDocumentRenderer renderer,
    IDocumentRepository documents,
    ICurrentActor actor
) : IQueryHandler<PreviewDocumentTemplateQuery, DocumentTemplatePreview>
{
    public async Task<Result<DocumentTemplatePreview>> Handle(
        PreviewDocumentTemplateQuery query,
        CancellationToken cancellationToken
    )
    {
        if (!catalog.Exists(query.Name))
        {
            return DocumentTemplateCatalog.NotFound(query.Name);
        }

        var input = DocumentTemplateModels.SampleInput(query.Name);
        if (query.DocumentId is { } documentId)
        {
            var document = await documents.GetAsync(
                documentId,
                DataScope.For(actor, Permissions.DocumentsReadAll),
                cancellationToken
            );
            if (document is null)
            {
                return DocumentCatalog.NotFound(documentId);
            }

            if (document.GeneratedFrom is not { } from)
            {
                return GeneratedDocumentAgain.NotGenerated(documentId);
            }

            if (from.Template != query.Name)
            {
                return Error.Validation(
                    "documentId",
                    $"The document was made from template '{from.Template}', not '{query.Name}'."
                );
            }

            input = from.Input;
        }

        var rendered = await renderer.PreviewAsync(
            new DocumentTemplateDraft(query.Name, query.Body, query.Version),
            input,
            query.Format,
            cancellationToken
        );
        if (!rendered.IsSuccess)
        {
            return rendered.Error!;
        }

        var preview = rendered.Value;
        var label = query.Body is not null ? "draft" : query.Version is { } v ? $"v{v}" : "current";
        return new DocumentTemplatePreview(
            $"{query.Name}-{label}-preview.{preview.Extension}",
            preview.ContentType,
            preview.Content
        );
    }
}
