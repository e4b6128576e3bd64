using MakCrm.Application.Consents;
using MakCrm.Domain.PersonalData;

namespace MakCrm.Application.PersonalData;

public sealed record PersonalDataIncidentFilter(bool? Open);

public enum PersonalDataIncidentSortField
{
    DetectedAt,
    CreatedAt,
}

public static class PersonalDataIncidentSorts
{
    public static SortCatalog<PersonalDataIncidentSortField, Contracts.PersonalDataIncident> Catalog { get; } =
        new(
            "personal_data_incidents",
            "-detectedAt",
            ("detectedAt", PersonalDataIncidentSortField.DetectedAt, typeof(DateTimeOffset), d => d.DetectedAt),
            ("createdAt", PersonalDataIncidentSortField.CreatedAt, typeof(DateTimeOffset), d => d.CreatedAt)
        );
}

public sealed record PersonalDataIncidentListCriteria(
    PersonalDataIncidentFilter Filter,
    SortOption<PersonalDataIncidentSortField> Sort,
    KeysetPosition? After,
    int Take
);

public sealed record ListPersonalDataIncidentsQuery(bool? Open, string? Sort, string? Cursor, int? Limit)
    : IQuery<Page<Contracts.PersonalDataIncident>>;

public sealed record GetPersonalDataIncidentQuery(Guid Id) : IQuery<Contracts.PersonalDataIncident>;

/// <summary>The personal-data read log within an incident's window.</summary>
public sealed record ListPersonalDataIncidentReadsQuery(Guid Id, string? Access, string? Cursor, int? Limit)
    : IQuery<Page<PersonalDataReadDto>>;

public sealed record CreatePersonalDataIncidentCommand(
    string Title,
    string Description,
    string? Assessment,
    DateTimeOffset DetectedAt,
    DateTimeOffset WindowFrom,
    DateTimeOffset? WindowTo,
    IReadOnlyList<string>? DataKinds,
    int? AffectedSubjects
) : ICommand<Contracts.PersonalDataIncident>;

/// <summary>A JSON merge patch of an incident: its findings and the notices sent.</summary>
public sealed record UpdatePersonalDataIncidentCommand(
    Guid Id,
    VersionCheck IfMatch,
    Patch<string> Title,
    Patch<string> Description,
    Patch<string?> Assessment,
    Patch<DateTimeOffset> WindowFrom,
    Patch<DateTimeOffset> WindowTo,
    Patch<IReadOnlyList<string>> DataKinds,
    Patch<int?> AffectedSubjects,
    Patch<DateTimeOffset> InitialNoticeSentAt,
    Patch<DateTimeOffset> FollowUpSentAt
) : ICommand<Contracts.PersonalDataIncident>;

internal sealed class ListPersonalDataIncidentsValidator : AbstractValidator<ListPersonalDataIncidentsQuery>
{
    public ListPersonalDataIncidentsValidator()
    {
        RuleFor(q => q.Sort).ValidSort(PersonalDataIncidentSorts.Catalog);
        RuleFor(q => q.Limit).ValidLimit();
    }
}

internal sealed class CreatePersonalDataIncidentValidator : AbstractValidator<CreatePersonalDataIncidentCommand>
{
    public CreatePersonalDataIncidentValidator(TimeProvider clock)
    {
        RuleFor(c => c.Title).RequiredText(PersonalDataIncident.MaxTitleLength);
        RuleFor(c => c.Description).RequiredText(PersonalDataIncident.MaxTextLength);
        RuleFor(c => c.Assessment).OptionalText(PersonalDataIncident.MaxTextLength);
        RuleFor(c => c.DetectedAt).NotInFuture(clock);
        RuleFor(c => c.WindowTo!.Value)
            .NotInFuture(clock)
            .OverridePropertyName("windowTo")
            .When(c => c.WindowTo is not null);
        RuleFor(c => c.WindowFrom)
            .Must((c, from) => from < (c.WindowTo ?? c.DetectedAt))
            .WithMessage("Must be before windowTo (detectedAt when windowTo is absent).");
        RuleFor(c => c.DataKinds).ValidDataKinds();
        RuleFor(c => c.AffectedSubjects).GreaterThanOrEqualTo(0).WithMessage("Must be zero or more.");
    }
}

internal sealed class UpdatePersonalDataIncidentValidator : AbstractValidator<UpdatePersonalDataIncidentCommand>
{
    public UpdatePersonalDataIncidentValidator(TimeProvider clock)
    {
        When(
            c => c.Title.IsPresent,
            () =>
                RuleFor(c => (string?)c.Title.Value)
                    .RequiredText(PersonalDataIncident.MaxTitleLength)
                    .OverridePropertyName("title")
        );
        When(
            c => c.Description.IsPresent,
            () =>
                RuleFor(c => (string?)c.Description.Value)
                    .RequiredText(PersonalDataIncident.MaxTextLength)
                    .OverridePropertyName("description")
        );
        RuleFor(c => c.Assessment.Value)
            .OptionalText(PersonalDataIncident.MaxTextLength)
            .OverridePropertyName("assessment");
        RuleFor(c => c.WindowTo.Value)
            .NotInFuture(clock)
            .OverridePropertyName("windowTo")
            .When(c => c.WindowTo.IsPresent);
        RuleFor(c => c.InitialNoticeSentAt.Value)
            .NotInFuture(clock)
            .OverridePropertyName("initialNoticeSentAt")
            .When(c => c.InitialNoticeSentAt.IsPresent);
        RuleFor(c => c.FollowUpSentAt.Value)
            .NotInFuture(clock)
            .OverridePropertyName("followUpSentAt")
            .When(c => c.FollowUpSentAt.IsPresent);
        When(
            c => c.DataKinds.IsPresent,
            () =>
                RuleFor(c => (IReadOnlyList<string>?)c.DataKinds.Value)
                    .ValidDataKinds()
                    .OverridePropertyName("dataKinds")
        );
        RuleFor(c => c.AffectedSubjects.Value)
            .GreaterThanOrEqualTo(0)
            .WithMessage("Must be zero or more.")
            .OverridePropertyName("affectedSubjects");
    }
}

internal static class IncidentRules
{
    public static IRuleBuilderOptions<T, IReadOnlyList<string>?> ValidDataKinds<T>(
        this IRuleBuilder<T, IReadOnlyList<string>?> rule
    ) =>
        rule.Must(kinds =>
                kinds is null
                || (
                    kinds.Count <= PersonalDataIncident.MaxDataKinds
                    && kinds.All(k =>
                        !string.IsNullOrWhiteSpace(k) && k.Trim().Length <= PersonalDataIncident.MaxDataKindLength
                    )
                )
            )
            .WithMessage(
                $"At most {PersonalDataIncident.MaxDataKinds} kinds, each 1 to "
                    + $"{PersonalDataIncident.MaxDataKindLength} characters."
            );

    /// <summary>The order an incident's instants keep once a change is merged: the window before its end, the
    /// notices not before detection, the follow-up not before the first notice.</summary>
    public static Error? Disorder(DateTimeOffset detectedAt, IncidentFindings findings, IncidentNotices notices) =>
        findings.WindowFrom >= findings.WindowTo ? Error.Validation("windowFrom", "Must be before windowTo.")
        : notices.InitialNoticeSentAt < detectedAt
            ? Error.Validation("initialNoticeSentAt", "Must not be before detectedAt.")
        : notices.FollowUpSentAt is not null && notices.InitialNoticeSentAt is null
            ? Error.Validation("followUpSentAt", "Record initialNoticeSentAt first.")
        : notices.FollowUpSentAt < notices.InitialNoticeSentAt
            ? Error.Validation("followUpSentAt", "Must not be before initialNoticeSentAt.")
        : null;

    public static Error NotFound(Guid id) => Error.NotFound("Personal data incident", id);
}

internal sealed class ListPersonalDataIncidentsHandler(IPersonalDataIncidentRepository repository, TimeProvider clock)
    : IQueryHandler<ListPersonalDataIncidentsQuery, Page<Contracts.PersonalDataIncident>>
{
    public async Task<Result<Page<Contracts.PersonalDataIncident>>> Handle(
        ListPersonalDataIncidentsQuery query,
        CancellationToken cancellationToken
    )
    {
        var paging = ListPaging.Prepare(PersonalDataIncidentSorts.Catalog, query.Sort, query.Cursor, query.Limit);
        if (!paging.IsSuccess)
        {
            return paging.Error!;
        }

        var (sort, after, limit) = paging.Value;
        var criteria = new PersonalDataIncidentListCriteria(
            new PersonalDataIncidentFilter(query.Open),
            sort,
            after,
            limit + 1
        );
        var now = clock.GetUtcNow();
        var rows = await repository.ListAsync(criteria, cancellationToken);
        var answers = rows.Select(row => PersonalDataIncidentAnswers.Of(row, now)).ToList();
        return ListPaging.ToPage(PersonalDataIncidentSorts.Catalog, sort, answers, limit, d => d.Id);
    }
}

internal sealed class GetPersonalDataIncidentHandler(IPersonalDataIncidentRepository repository, TimeProvider clock)
    : IQueryHandler<GetPersonalDataIncidentQuery, Contracts.PersonalDataIncident>
{
    public async Task<Result<Contracts.PersonalDataIncident>> Handle(
        GetPersonalDataIncidentQuery query,
        CancellationToken cancellationToken
    ) =>
        await repository.GetAsync(query.Id, cancellationToken) is { } found
            ? PersonalDataIncidentAnswers.Of(found, clock.GetUtcNow())
            : IncidentRules.NotFound(query.Id);
}

/// <summary>The read log's lines from the incident's window, through the read log's own query.</summary>
internal sealed class ListPersonalDataIncidentReadsHandler(
    IPersonalDataIncidentRepository repository,
    IQueryHandler<ListPersonalDataReadsQuery, Page<PersonalDataReadDto>> reads
) : IQueryHandler<ListPersonalDataIncidentReadsQuery, Page<PersonalDataReadDto>>
{
    public async Task<Result<Page<PersonalDataReadDto>>> Handle(
        ListPersonalDataIncidentReadsQuery query,
        CancellationToken cancellationToken
    )
    {
        if (await repository.GetAsync(query.Id, cancellationToken) is not { } incident)
        {
            return IncidentRules.NotFound(query.Id);
        }

        var window = new ListPersonalDataReadsQuery(
            Access: query.Access,
            From: incident.WindowFrom,
            To: incident.WindowTo,
            Cursor: query.Cursor,
            Limit: query.Limit
        );
        return await reads.Handle(window, cancellationToken);
    }
}

internal sealed class CreatePersonalDataIncidentHandler(IPersonalDataIncidentRepository repository, TimeProvider clock)
    : ICommandHandler<CreatePersonalDataIncidentCommand, Contracts.PersonalDataIncident>
{
    public Task<Result<Contracts.PersonalDataIncident>> Handle(
        CreatePersonalDataIncidentCommand command,
        CancellationToken cancellationToken
    )
    {
        var detectedAt = command.DetectedAt.ToMicroseconds();
        var findings = new IncidentFindings(
            command.Title,
            command.Description,
            command.Assessment,
            command.WindowFrom.ToMicroseconds(),
            (command.WindowTo ?? command.DetectedAt).ToMicroseconds(),
            command.DataKinds ?? [],
            command.AffectedSubjects
        );
        var now = clock.UtcNowMicroseconds();
        var created = PersonalDataIncident.Record(clock.NewId(), detectedAt, findings, now);
        repository.Add(created);
        return Task.FromResult<Result<Contracts.PersonalDataIncident>>(PersonalDataIncidentAnswers.Of(created, now));
    }
}

internal sealed class UpdatePersonalDataIncidentHandler(IPersonalDataIncidentRepository repository, TimeProvider clock)
    : ICommandHandler<UpdatePersonalDataIncidentCommand, Contracts.PersonalDataIncident>
{
    public async Task<Result<Contracts.PersonalDataIncident>> Handle(
        UpdatePersonalDataIncidentCommand command,
        CancellationToken cancellationToken
    )
    {
        var found = await repository.FindAsync(command.Id, cancellationToken);
        if (found is null)
        {
            return IncidentRules.NotFound(command.Id);
        }

        var precondition = command.IfMatch.Require(found.Version);
        if (!precondition.IsSuccess)
        {
            return precondition.Error!;
        }

        var (current, sent) = (found.Findings, found.Notices);
        var findings = new IncidentFindings(
            command.Title.Or(current.Title),
            command.Description.Or(current.Description),
            command.Assessment.Or(current.Assessment),
            command.WindowFrom.Or(current.WindowFrom).ToMicroseconds(),
            command.WindowTo.Or(current.WindowTo).ToMicroseconds(),
            command.DataKinds.Or(current.DataKinds),
            command.AffectedSubjects.Or(current.AffectedSubjects)
        );
        var notices = new IncidentNotices(
            command.InitialNoticeSentAt.IsPresent
                ? command.InitialNoticeSentAt.Value.ToMicroseconds()
                : sent.InitialNoticeSentAt,
            command.FollowUpSentAt.IsPresent ? command.FollowUpSentAt.Value.ToMicroseconds() : sent.FollowUpSentAt
        );
        if (IncidentRules.Disorder(found.DetectedAt, findings, notices) is { } error)
        {
            return error;
        }

        var now = clock.UtcNowMicroseconds();
        found.Update(findings, notices, now);
        return PersonalDataIncidentAnswers.Of(found, now);
    }
}

/// <summary>An incident as the API answers it: its deadlines stand as they do at the time of the answer.</summary>
public static class PersonalDataIncidentAnswers
{
    public static Contracts.PersonalDataIncident Of(PersonalDataIncident row, DateTimeOffset now) =>
        new(
            row.Id,
            row.Title,
            row.Description,
            row.Assessment,
            row.DetectedAt,
            row.WindowFrom,
            row.WindowTo,
            row.DataKinds,
            row.AffectedSubjects,
            Notice(row.InitialNoticeDueAt, row.InitialNoticeSentAt, now),
            Notice(row.FollowUpDueAt, row.FollowUpSentAt, now),
            row.CreatedAt,
            row.UpdatedAt,
            row.Version
        );

    private static Contracts.IncidentNotice Notice(DateTimeOffset dueAt, DateTimeOffset? sentAt, DateTimeOffset now) =>
        new(dueAt, sentAt, PersonalDataIncident.StatusOf(dueAt, sentAt, now));
}
