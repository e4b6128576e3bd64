using MakCrm.Application.Clients;
using MakCrm.Application.Documents;
using MakCrm.Domain.Access;
using MakCrm.Domain.Consents;

namespace MakCrm.Application.Consents;

/// <summary>
/// Whose consents a caller reads (<c>consents.read</c>): with <c>consents.read.all</c> (head office) every
/// organization's, otherwise those of the caller's organization's clients.
/// </summary>
public static class ConsentScope
{
    public static DataScope Of(ICurrentActor actor) => DataScope.For(actor, Permissions.ConsentsReadAll);
}

public sealed record ConsentFilter(Guid? ClientId, ConsentPurpose? Purpose, ConsentStatus? Status, DateTimeOffset Now);

public enum ConsentSortField
{
    GivenAt,
    CreatedAt,
}

public static class ConsentSorts
{
    public static SortCatalog<ConsentSortField, Contracts.Consent> Catalog { get; } =
        new(
            "consents",
            "-givenAt",
            ("givenAt", ConsentSortField.GivenAt, typeof(DateTimeOffset), d => d.GivenAt),
            ("createdAt", ConsentSortField.CreatedAt, typeof(DateTimeOffset), d => d.CreatedAt)
        );
}

public sealed record ConsentListCriteria(
    DataScope Scope,
    ConsentFilter Filter,
    SortOption<ConsentSortField> Sort,
    KeysetPosition? After,
    int Take
);

public sealed record ListConsentsQuery(
    Guid? ClientId,
    ConsentPurpose? Purpose,
    ConsentStatus? Status,
    string? Sort,
    string? Cursor,
    int? Limit
) : IQuery<Page<Contracts.Consent>>;

public sealed record GetConsentQuery(Guid Id) : IQuery<Contracts.Consent>;

/// <summary>The live consent of a client for a purpose, or <c>consent_required</c>.</summary>
public sealed record CheckConsentQuery(Guid ClientId, ConsentPurpose Purpose) : IQuery<Contracts.Consent>;

public sealed record CreateConsentCommand(
    Guid ClientId,
    ConsentPurpose Purpose,
    string TextVersion,
    DateTimeOffset GivenAt,
    ConsentSource Source,
    Guid? DocumentId,
    DateTimeOffset? ExpiresAt
) : ICommand<Contracts.Consent>;

public sealed record WithdrawConsentCommand(
    Guid Id,
    ConsentSource Source,
    DateTimeOffset? WithdrawnAt,
    Guid? DocumentId
) : ICommand<Contracts.Consent>;

internal sealed class ListConsentsValidator : AbstractValidator<ListConsentsQuery>
{
    public ListConsentsValidator()
    {
        RuleFor(q => q.Sort).ValidSort(ConsentSorts.Catalog);
        RuleFor(q => q.Limit).ValidLimit();
    }
}

internal sealed class CreateConsentValidator : AbstractValidator<CreateConsentCommand>
{
    public CreateConsentValidator(TimeProvider clock)
    {
        RuleFor(c => c.ClientId).NotEmpty().WithMessage("Must be a client's id.");
        RuleFor(c => c.TextVersion).RequiredText(Consent.MaxTextVersionLength);
        RuleFor(c => c.GivenAt).NotInFuture(clock);
        RuleFor(c => c.DocumentId).ScanOf(c => c.Source);
        RuleFor(c => c.ExpiresAt).ValidExpiry(c => c.Purpose, c => c.GivenAt);
    }
}

internal sealed class WithdrawConsentValidator : AbstractValidator<WithdrawConsentCommand>
{
    public WithdrawConsentValidator(TimeProvider clock)
    {
        RuleFor(c => c.WithdrawnAt!.Value)
            .NotInFuture(clock)
            .OverridePropertyName("withdrawnAt")
            .When(c => c.WithdrawnAt is not null);
        RuleFor(c => c.DocumentId).ScanOf(c => c.Source);
    }
}

/// <summary>The rules that recording a consent and its withdrawal share.</summary>
internal static class ConsentRules
{
    public static readonly string CreditHistoryTerm =
        $"A consent to request a credit history lasts at most {ConsentTerms.CreditHistoryMonths} months.";

    public static IRuleBuilderOptions<T, DateTimeOffset> NotInFuture<T>(
        this IRuleBuilder<T, DateTimeOffset> rule,
        TimeProvider clock
    ) =>
        rule.Must(at => at <= clock.GetUtcNow() + ClientConsentInput.ClockSkew)
            .WithMessage("Must not be in the future.");

    /// <summary>After the consent was given, and within the purpose's longest term.</summary>
    public static IRuleBuilderOptions<T, DateTimeOffset?> ValidExpiry<T>(
        this IRuleBuilder<T, DateTimeOffset?> rule,
        Func<T, ConsentPurpose> purpose,
        Func<T, DateTimeOffset> givenAt
    ) =>
        rule.Must((c, at) => at is null || at > givenAt(c))
            .WithMessage("Must be after givenAt.")
            .Must(
                (c, at) =>
                    at is null || ConsentTerms.LatestExpiry(purpose(c), givenAt(c)) is not { } latest || at <= latest
            )
            .WithMessage(CreditHistoryTerm);

    /// <summary>A paper scan names its document; the other sources name none.</summary>
    public static IRuleBuilderOptions<T, Guid?> ScanOf<T>(
        this IRuleBuilder<T, Guid?> rule,
        Func<T, ConsentSource> source
    ) =>
        rule.Must((c, id) => (source(c) == ConsentSource.PaperScan) == (id is not null && id != Guid.Empty))
            .WithMessage("Must be the scan's document for the source paper_scan, and absent for the other sources.");

    /// <summary>The scan, when there is one, must be a document the caller sees.</summary>
    public static async Task<Error?> UnknownScanAsync(
        IDocumentRepository documents,
        ICurrentActor actor,
        Guid? documentId,
        CancellationToken cancellationToken
    ) =>
        documentId is { } id && await documents.GetAsync(id, DocumentCatalog.ScopeOf(actor), cancellationToken) is null
            ? Error.Validation("documentId", $"No document has the id {id}.")
            : null;

    public static Error NotFound(Guid id) => Error.NotFound("Consent", id);
}

internal sealed class ListConsentsHandler(IConsentRepository repository, ICurrentActor actor, TimeProvider clock)
    : IQueryHandler<ListConsentsQuery, Page<Contracts.Consent>>
{
    public async Task<Result<Page<Contracts.Consent>>> Handle(
        ListConsentsQuery query,
        CancellationToken cancellationToken
    )
    {
        var paging = ListPaging.Prepare(ConsentSorts.Catalog, query.Sort, query.Cursor, query.Limit);
        if (!paging.IsSuccess)
        {
            return paging.Error!;
        }

        var (sort, after, limit) = paging.Value;
        var filter = new ConsentFilter(query.ClientId, query.Purpose, query.Status, clock.GetUtcNow());
        var criteria = new ConsentListCriteria(ConsentScope.Of(actor), filter, sort, after, limit + 1);
        var rows = await repository.ListAsync(criteria, cancellationToken);
        return ListPaging.ToPage(ConsentSorts.Catalog, sort, rows, limit, d => d.Id);
    }
}

internal sealed class GetConsentHandler(IConsentRepository repository, ICurrentActor actor, TimeProvider clock)
    : IQueryHandler<GetConsentQuery, Contracts.Consent>
{
    public async Task<Result<Contracts.Consent>> Handle(GetConsentQuery query, CancellationToken cancellationToken) =>
        await repository.GetAsync(query.Id, ConsentScope.Of(actor), cancellationToken) is { } found
            ? ConsentAnswers.Of(found, clock.GetUtcNow())
            : ConsentRules.NotFound(query.Id);
}

internal sealed class CheckConsentHandler(IClientRepository clients, ConsentChecks checks, ICurrentActor actor)
    : IQueryHandler<CheckConsentQuery, Contracts.Consent>
{
    public async Task<Result<Contracts.Consent>> Handle(CheckConsentQuery query, CancellationToken cancellationToken)
    {
        var client = await clients.FindAsync(query.ClientId, ConsentScope.Of(actor), RowLock.None, cancellationToken);
        return client is null
            ? Error.NotFound("Client", query.ClientId)
            : await checks.RequireAsync(query.ClientId, query.Purpose, cancellationToken);
    }
}

internal sealed class CreateConsentHandler(
    IConsentRepository repository,
    IClientRepository clients,
    IDocumentRepository documents,
    ICurrentActor actor,
    TimeProvider clock
) : ICommandHandler<CreateConsentCommand, Contracts.Consent>
{
    public async Task<Result<Contracts.Consent>> Handle(
        CreateConsentCommand command,
        CancellationToken cancellationToken
    )
    {
        var scope = DataScope.For(actor, Permissions.ClientsReadAll);
        var client = await clients.FindAsync(command.ClientId, scope, RowLock.Share, cancellationToken);
        if (client is null)
        {
            return Error.Validation("clientId", $"No client has the id {command.ClientId}.");
        }

        if (await ConsentRules.UnknownScanAsync(documents, actor, command.DocumentId, cancellationToken) is { } error)
        {
            return error;
        }

        var now = clock.UtcNowMicroseconds();
        var given = new ConsentGiven(
            client.Id,
            command.Purpose,
            command.TextVersion,
            command.GivenAt.ToMicroseconds(),
            command.Source,
            command.DocumentId,
            command.ExpiresAt?.ToMicroseconds()
        );
        var consent = Consent.Record(clock.NewId(), client.OrganizationId, given, now);
        repository.Add(consent);
        return ConsentAnswers.Of(consent, now);
    }
}

internal sealed class WithdrawConsentHandler(
    IConsentRepository repository,
    IDocumentRepository documents,
    ICurrentActor actor,
    TimeProvider clock
) : ICommandHandler<WithdrawConsentCommand, Contracts.Consent>
{
    public async Task<Result<Contracts.Consent>> Handle(
        WithdrawConsentCommand command,
        CancellationToken cancellationToken
    )
    {
        var consent = await repository.FindAsync(command.Id, ConsentScope.Of(actor), cancellationToken);
        if (consent is null)
        {
            return ConsentRules.NotFound(command.Id);
        }

        if (await ConsentRules.UnknownScanAsync(documents, actor, command.DocumentId, cancellationToken) is { } error)
        {
            return error;
        }

        var now = clock.UtcNowMicroseconds();
        // A caller's clock a little ahead of the server's is taken as now: a withdrawal is never in the future.
        var at = command.WithdrawnAt is { } asked && asked < now ? asked.ToMicroseconds() : now;
        if (consent.WithdrawnAt is null && at < consent.GivenAt)
        {
            return Error.Validation("withdrawnAt", "Must not be before the consent was given.");
        }

        consent.Withdraw(at, command.Source, command.DocumentId, now);
        return ConsentAnswers.Of(consent, now);
    }
}

/// <summary>
/// The check every action covered by a purpose calls before it acts: the client's live consent for the purpose, or
/// the <see cref="ConsentRequired"/> problem that names the purpose. It reads the client's consents whoever asks:
/// the caller has been allowed to act on the client already.
/// </summary>
public sealed class ConsentChecks(IConsentRepository repository, TimeProvider clock)
{
    public async Task<Result<Contracts.Consent>> RequireAsync(
        Guid clientId,
        ConsentPurpose purpose,
        CancellationToken cancellationToken
    )
    {
        var now = clock.GetUtcNow();
        var live = await repository.FindLiveAsync(clientId, purpose, now, cancellationToken);
        var rule = new ConsentRequired(purpose, live is not null);
        return rule.IsBroken() ? rule.Error : ConsentAnswers.Of(live!, now);
    }
}

/// <summary>A consent as the API answers it: its status is the one at the time of the answer.</summary>
public static class ConsentAnswers
{
    public static Contracts.Consent Of(Consent row, DateTimeOffset now) =>
        new(
            row.Id,
            row.ClientId,
            row.OrganizationId,
            row.LeadId,
            row.Purpose,
            row.TextVersion,
            row.GivenAt,
            row.Source,
            row.DocumentId,
            row.ExpiresAt,
            row.WithdrawnAt is { } withdrawnAt
                ? new Contracts.ConsentWithdrawal(withdrawnAt, row.WithdrawalSource!.Value, row.WithdrawalDocumentId)
                : null,
            row.StatusAt(now),
            row.CreatedAt,
            row.UpdatedAt,
            row.Version
        );
}
