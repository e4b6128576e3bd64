using MakCrm.Domain.Knowledge;

namespace MakCrm.Application.Knowledge;

public sealed record CreateArticleCommand(
    Guid SectionId,
    string Title,
    string Body,
    IReadOnlyList<string>? Tags,
    ArticleStatus? Status,
    IReadOnlyList<string>? VisibleToRoles,
    IReadOnlyList<string>? VisibleToKinds,
    IReadOnlyList<Guid>? AttachmentIds,
    Guid? VideoDocumentId,
    string? VideoUrl
) : ICommand<Contracts.Article>;

/// <summary>A JSON merge patch of an article; a change of the title or the body adds a version.</summary>
public sealed record UpdateArticleCommand(
    Guid Id,
    VersionCheck IfMatch,
    Patch<Guid> SectionId,
    Patch<string> Title,
    Patch<string> Body,
    Patch<IReadOnlyList<string>> Tags,
    Patch<ArticleStatus> Status,
    Patch<IReadOnlyList<string>> VisibleToRoles,
    Patch<IReadOnlyList<string>> VisibleToKinds,
    Patch<IReadOnlyList<Guid>> AttachmentIds,
    Patch<Guid?> VideoDocumentId,
    Patch<string?> VideoUrl
) : ICommand<Contracts.Article>;

public sealed record GetArticleQuery(Guid Id) : IQuery<Contracts.Article>;

public sealed record ListArticlesQuery(Guid? SectionId, string? Tag, ArticleStatus? Status, string? Cursor, int? Limit)
    : IQuery<Page<Contracts.Article>>;

public sealed record ListArticleVersionsQuery(Guid Id) : IQuery<IReadOnlyList<Contracts.ArticleVersion>>;

public sealed record GetArticleVersionQuery(Guid Id, int Number) : IQuery<Contracts.ArticleVersion>;

internal static class ArticleRules
{
    private static readonly string RolesMessage =
        $"Name at most {Visibility.MaxItems} roles of {string.Join(", ", Domain.Access.Roles.DefaultMatrix.Keys)}.";
    private static readonly string KindsMessage =
        $"Name at most {Visibility.MaxItems} organization kinds of {string.Join(", ", Visibility.KnownKinds)}.";

    public static IRuleBuilderOptions<T, IReadOnlyList<string>?> ValidTags<T>(
        this IRuleBuilder<T, IReadOnlyList<string>?> rule
    ) =>
        rule.Must(tags =>
                tags is null
                || (
                    tags.Count <= Article.MaxTags
                    && tags.All(t => !string.IsNullOrWhiteSpace(t) && t.Length <= Article.MaxTagLength)
                )
            )
            .WithMessage($"At most {Article.MaxTags} tags of 1 to {Article.MaxTagLength} characters.");

    public static IRuleBuilderOptions<T, IReadOnlyList<string>?> ValidRoles<T>(
        this IRuleBuilder<T, IReadOnlyList<string>?> rule
    ) => rule.Must(roles => roles is null || Visibility.AreKnownRoles(roles)).WithMessage(RolesMessage);

    public static IRuleBuilderOptions<T, IReadOnlyList<string>?> ValidKinds<T>(
        this IRuleBuilder<T, IReadOnlyList<string>?> rule
    ) => rule.Must(kinds => kinds is null || Visibility.AreKnownKinds(kinds)).WithMessage(KindsMessage);

    /// <summary>The visibility of a merge patch: each list, when present, not null and of known roles or
    /// kinds.</summary>
    public static void ValidVisibilityPatch<T>(
        this AbstractValidator<T> validator,
        Func<T, Patch<IReadOnlyList<string>>> roles,
        Func<T, Patch<IReadOnlyList<string>>> kinds
    )
    {
        validator.When(
            c => roles(c).IsPresent,
            () =>
                validator
                    .RuleFor(c => (IReadOnlyList<string>?)roles(c).Value)
                    .NotNull()
                    .ValidRoles()
                    .OverridePropertyName("visibleToRoles")
        );
        validator.When(
            c => kinds(c).IsPresent,
            () =>
                validator
                    .RuleFor(c => (IReadOnlyList<string>?)kinds(c).Value)
                    .NotNull()
                    .ValidKinds()
                    .OverridePropertyName("visibleToKinds")
        );
    }

    public static IRuleBuilderOptions<T, IReadOnlyList<Guid>?> ValidAttachments<T>(
        this IRuleBuilder<T, IReadOnlyList<Guid>?> rule
    ) =>
        rule.Must(ids => ids is null || ids.Count <= Article.MaxAttachments)
            .WithMessage($"At most {Article.MaxAttachments} documents.");

    public static IRuleBuilderOptions<T, string?> ValidVideoUrl<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(url => url is null || KnowledgeCatalog.IsVideoUrl(url))
            .WithMessage($"Must be an absolute http(s) URL of at most {Article.MaxVideoUrlLength} characters.");
}

internal sealed class CreateArticleValidator : AbstractValidator<CreateArticleCommand>
{
    public CreateArticleValidator()
    {
        RuleFor(c => c.Title).RequiredText(Article.MaxTitleLength);
        RuleFor(c => c.Body)
            .NotNull()
            .MaximumLength(Article.MaxBodyLength)
            .WithMessage($"Must be at most {Article.MaxBodyLength} characters.");
        RuleFor(c => c.Tags).ValidTags();
        RuleFor(c => c.Status).DefinedOrNull();
        RuleFor(c => c.VisibleToRoles).ValidRoles();
        RuleFor(c => c.VisibleToKinds).ValidKinds();
        RuleFor(c => c.AttachmentIds).ValidAttachments();
        RuleFor(c => c.VideoUrl).ValidVideoUrl();
        RuleFor(c => c.VideoUrl)
            .Null()
            .When(c => c.VideoDocumentId is not null)
            .WithMessage("Give the video as a document or as a link, not both.");
    }
}

internal sealed class UpdateArticleValidator : AbstractValidator<UpdateArticleCommand>
{
    public UpdateArticleValidator()
    {
        When(
            c => c.Title.IsPresent,
            () =>
                RuleFor(c => (string?)c.Title.Value).RequiredText(Article.MaxTitleLength).OverridePropertyName("title")
        );
        When(
            c => c.Body.IsPresent,
            () =>
                RuleFor(c => c.Body.Value)
                    .NotNull()
                    .MaximumLength(Article.MaxBodyLength)
                    .OverridePropertyName("body")
                    .WithMessage($"Must be at most {Article.MaxBodyLength} characters.")
        );
        When(
            c => c.Tags.IsPresent,
            () => RuleFor(c => (IReadOnlyList<string>?)c.Tags.Value).NotNull().ValidTags().OverridePropertyName("tags")
        );
        When(c => c.Status.IsPresent, () => RuleFor(c => c.Status.Value).Defined().OverridePropertyName("status"));
        this.ValidVisibilityPatch(c => c.VisibleToRoles, c => c.VisibleToKinds);
        When(
            c => c.AttachmentIds.IsPresent,
            () =>
                RuleFor(c => (IReadOnlyList<Guid>?)c.AttachmentIds.Value)
                    .NotNull()
                    .ValidAttachments()
                    .OverridePropertyName("attachmentIds")
        );
        When(
            c => c.VideoUrl.IsPresent,
            () => RuleFor(c => c.VideoUrl.Value).ValidVideoUrl().OverridePropertyName("videoUrl")
        );
    }
}

/// <summary>Checks what an article references: its section, and attachments and video in the author's (head office's)
/// document store.</summary>
internal sealed class ArticleReferences(
    IKnowledgeRepository knowledge,
    IDocumentRepository documents,
    ICurrentActor actor
)
{
    public async Task<Error?> CheckAsync(
        Guid sectionId,
        IReadOnlyList<Guid> attachments,
        Guid? video,
        string? videoUrl,
        CancellationToken cancellationToken
    )
    {
        if (!await knowledge.SectionExistsAsync(sectionId, cancellationToken))
        {
            return KnowledgeCatalog.UnknownSection(sectionId);
        }

        var store = new DataScope(actor.OrganizationId);
        foreach (var id in attachments.Distinct())
        {
            if (await documents.GetAsync(id, store, cancellationToken) is null)
            {
                return Error.Validation(
                    "attachmentIds",
                    $"There is no document {id} in your organization's document store."
                );
            }
        }

        if (video is { } videoId && await documents.GetAsync(videoId, store, cancellationToken) is null)
        {
            return Error.Validation(
                "videoDocumentId",
                $"There is no document {videoId} in your organization's document store."
            );
        }

        return video is not null && videoUrl is not null
            ? Error.Validation("videoUrl", "Give the video as a document or as a link, not both.")
            : null;
    }
}

internal sealed class CreateArticleHandler(
    IKnowledgeRepository knowledge,
    IDocumentRepository documents,
    IMarkdownRenderer markdown,
    ICurrentActor actor,
    TimeProvider clock
) : ICommandHandler<CreateArticleCommand, Contracts.Article>
{
    public async Task<Result<Contracts.Article>> Handle(
        CreateArticleCommand command,
        CancellationToken cancellationToken
    )
    {
        var attachments = command.AttachmentIds ?? [];
        if (
            await new ArticleReferences(knowledge, documents, actor).CheckAsync(
                command.SectionId,
                attachments,
                command.VideoDocumentId,
                command.VideoUrl,
                cancellationToken
            ) is
            { } invalid
        )
        {
            return invalid;
        }

        var body = KnowledgeText.Clean(command.Body);
        var content = new ArticleContent(
            command.SectionId,
            TextNormalizer.Collapse(command.Title),
            body,
            markdown.ToSafeHtml(body),
            command.Tags ?? [],
            new Visibility(command.VisibleToRoles ?? [], command.VisibleToKinds ?? []),
            attachments,
            command.VideoDocumentId,
            command.VideoUrl
        );
        var (article, version) = Article.Create(
            clock.NewId(),
            content,
            command.Status ?? ArticleStatus.Draft,
            KnowledgeCatalog.AuthorOf(actor),
            clock.NewId(),
            clock.UtcNowMicroseconds()
        );
        knowledge.Add(article);
        knowledge.Add(version);
        return Contracts.Article.From(article);
    }
}

internal sealed class UpdateArticleHandler(
    IKnowledgeRepository knowledge,
    IDocumentRepository documents,
    IMarkdownRenderer markdown,
    ICurrentActor actor,
    TimeProvider clock
) : ICommandHandler<UpdateArticleCommand, Contracts.Article>
{
    public async Task<Result<Contracts.Article>> Handle(
        UpdateArticleCommand command,
        CancellationToken cancellationToken
    )
    {
        if (await knowledge.FindArticleAsync(command.Id, cancellationToken) is not { } article)
        {
            return KnowledgeCatalog.ArticleNotFound(command.Id);
        }

        var precondition = command.IfMatch.Require(article.Version);
        if (!precondition.IsSuccess)
        {
            return precondition.Error!;
        }

        var section = command.SectionId.Or(article.SectionId);
        var attachments = command.AttachmentIds.Or(article.AttachmentIds);
        var video = command.VideoDocumentId.Or(article.VideoDocumentId);
        var videoUrl = command.VideoUrl.Or(article.VideoUrl);
        if (
            await new ArticleReferences(knowledge, documents, actor).CheckAsync(
                section,
                attachments,
                video,
                videoUrl,
                cancellationToken
            ) is
            { } invalid
        )
        {
            return invalid;
        }

        var body = command.Body.IsPresent ? KnowledgeText.Clean(command.Body.Value) : article.Body;
        var content = new ArticleContent(
            section,
            command.Title.IsPresent ? TextNormalizer.Collapse(command.Title.Value) : article.Title,
            body,
            command.Body.IsPresent ? markdown.ToSafeHtml(body) : article.BodyHtml,
            command.Tags.Or(article.Tags),
            new Visibility(
                command.VisibleToRoles.Or(article.VisibleToRoles),
                command.VisibleToKinds.Or(article.VisibleToKinds)
            ),
            attachments,
            video,
            videoUrl
        );
        var version = article.Update(
            content,
            command.Status.Or(article.Status),
            KnowledgeCatalog.AuthorOf(actor),
            clock.NewId(),
            clock.UtcNowMicroseconds()
        );
        if (version is not null)
        {
            knowledge.Add(version);
        }

        return Contracts.Article.From(article);
    }
}

internal sealed class GetArticleHandler(IKnowledgeRepository knowledge, ICurrentActor actor)
    : IQueryHandler<GetArticleQuery, Contracts.Article>
{
    public async Task<Result<Contracts.Article>> Handle(GetArticleQuery query, CancellationToken cancellationToken) =>
        await knowledge.GetArticleAsync(query.Id, KnowledgeCatalog.ReaderOf(actor), cancellationToken) is { } article
            ? article
            : KnowledgeCatalog.ArticleNotFound(query.Id);
}

internal sealed class ListArticlesValidator : AbstractValidator<ListArticlesQuery>
{
    public ListArticlesValidator()
    {
        RuleFor(q => q.Limit).ValidLimit();
        RuleFor(q => q.Tag).MaximumLength(Article.MaxTagLength).OverridePropertyName("tag");
    }
}

internal sealed class ListArticlesHandler(IKnowledgeRepository knowledge, ICurrentActor actor)
    : IQueryHandler<ListArticlesQuery, Page<Contracts.Article>>
{
    public async Task<Result<Page<Contracts.Article>>> Handle(
        ListArticlesQuery query,
        CancellationToken cancellationToken
    )
    {
        var paging = ListPaging.Prepare(KnowledgeCatalog.ArticleSorts, null, query.Cursor, query.Limit);
        if (!paging.IsSuccess)
        {
            return paging.Error!;
        }

        var (sort, after, limit) = paging.Value;
        var tag = query.Tag is null ? null : TextNormalizer.Collapse(query.Tag).ToLowerInvariant();
        var rows = await knowledge.ListArticlesAsync(
            KnowledgeCatalog.ReaderOf(actor),
            new ArticleFilter(query.SectionId, tag, query.Status),
            after,
            limit + 1,
            cancellationToken
        );
        return ListPaging.ToPage(KnowledgeCatalog.ArticleSorts, sort, rows, limit, a => a.Id);
    }
}

/// <summary>An article's versions, oldest first, without their bodies (authors only, as drafts are).</summary>
internal sealed class ListArticleVersionsHandler(IKnowledgeRepository knowledge)
    : IQueryHandler<ListArticleVersionsQuery, IReadOnlyList<Contracts.ArticleVersion>>
{
    public async Task<Result<IReadOnlyList<Contracts.ArticleVersion>>> Handle(
        ListArticleVersionsQuery query,
        CancellationToken cancellationToken
    )
    {
        var versions = await knowledge.ListVersionsAsync(query.Id, cancellationToken);
        return versions.Count == 0
            ? KnowledgeCatalog.ArticleNotFound(query.Id)
            : Result<IReadOnlyList<Contracts.ArticleVersion>>.Success(versions);
    }
}

internal sealed class GetArticleVersionHandler(IKnowledgeRepository knowledge)
    : IQueryHandler<GetArticleVersionQuery, Contracts.ArticleVersion>
{
    public async Task<Result<Contracts.ArticleVersion>> Handle(
        GetArticleVersionQuery query,
        CancellationToken cancellationToken
    ) =>
        await knowledge.GetVersionAsync(query.Id, query.Number, cancellationToken) is { } version
            ? version
            : new Error(ErrorCodes.NotFound, $"Article {query.Id} has no version {query.Number}.", ErrorKind.NotFound);
}
