using MakCrm.Domain.Access;
using MakCrm.Domain.Reports;

namespace MakCrm.Application.Reports;

public sealed record SavedReportDto(
    Guid Id,
    Guid OrganizationId,
    Guid? OwnerUserId,
    string Name,
    ReportDefinition Query,
    IReadOnlyList<string> SharedWithRoles,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    int Version
) : Contracts.IVersioned
{
    public static SavedReportDto From(SavedReport report) =>
        new(
            report.Id,
            report.OrganizationId,
            report.OwnerUserId,
            report.Name,
            SavedReports.DefinitionOf(report.Definition),
            report.SharedWithRoles,
            report.CreatedAt,
            report.UpdatedAt,
            report.Version
        );
}

public sealed record CreateSavedReportCommand(
    string Name,
    ReportDefinition Query,
    IReadOnlyList<string> SharedWithRoles
) : ICommand<SavedReportDto>;

/// <summary>A JSON merge patch of a saved report.</summary>
public sealed record UpdateSavedReportCommand(
    Guid Id,
    VersionCheck IfMatch,
    Patch<string> Name,
    Patch<ReportDefinition> Query,
    Patch<IReadOnlyList<string>> SharedWithRoles
) : ICommand<SavedReportDto>;

public sealed record DeleteSavedReportCommand(Guid Id) : ICommand<Unit>;

public sealed record GetSavedReportQuery(Guid Id) : IQuery<SavedReportDto>;

public sealed record ListSavedReportsQuery(string? Cursor, int? Limit) : IQuery<Page<SavedReportDto>>;

public sealed record RunSavedReportQuery(Guid Id) : IQuery<ReportResult>;

public enum SavedReportSortField
{
    CreatedAt,
}

public static class SavedReports
{
    public static SortCatalog<SavedReportSortField, SavedReportDto> Sorts { get; } =
        new(
            "saved_reports",
            "-createdAt",
            ("createdAt", SavedReportSortField.CreatedAt, typeof(DateTimeOffset), r => r.CreatedAt)
        );

    /// <summary>A stored definition; one that no longer reads as a query becomes an empty one, which answers 409 when
    /// run.</summary>
    public static ReportDefinition DefinitionOf(string json) =>
        ReportDefinition.FromJson(json) ?? new ReportDefinition("", [], [], null, [], null, null);

    public static SavedReportReader ReaderOf(ICurrentActor actor) =>
        new(actor.UserId, actor.ClientId, actor.OrganizationId, actor.Roles, actor.Has(Permissions.ReportsManageAll));

    public static Error NotFound(Guid id) => Error.NotFound("Saved report", id);

    /// <summary>A query is saved only if it runs for its author now (a 400 naming <c>query.…</c> otherwise).</summary>
    public static async Task<Error?> CheckQueryAsync(
        ReportDefinition query,
        ReportPlanning planning,
        CancellationToken cancellationToken
    )
    {
        var plan = await planning.PlanAsync(query, saved: false, cancellationToken);
        if (plan.IsSuccess)
        {
            return null;
        }

        var error = plan.Error!;
        return error.FieldErrors is null
            ? error
            : error with
            {
                FieldErrors = error.FieldErrors.ToDictionary(
                    e => "query." + e.Key,
                    e => e.Value,
                    StringComparer.Ordinal
                ),
            };
    }
}

internal static class SavedReportRules
{
    public static IRuleBuilderOptions<T, IReadOnlyList<string>?> ValidRoles<T>(
        this IRuleBuilder<T, IReadOnlyList<string>?> rule
    ) =>
        rule.NotNull()
            .Must(roles => roles is null || (roles.Count <= 10 && roles.All(r => Roles.DefaultMatrix.ContainsKey(r))))
            .WithMessage($"Name at most 10 roles of {string.Join(", ", Roles.DefaultMatrix.Keys)}.");
}

internal sealed class CreateSavedReportValidator : AbstractValidator<CreateSavedReportCommand>
{
    public CreateSavedReportValidator()
    {
        RuleFor(c => c.Name).RequiredText(SavedReport.MaxNameLength);
        RuleFor(c => c.SharedWithRoles).ValidRoles();
    }
}

internal sealed class UpdateSavedReportValidator : AbstractValidator<UpdateSavedReportCommand>
{
    public UpdateSavedReportValidator()
    {
        When(
            c => c.Name.IsPresent,
            () =>
                RuleFor(c => (string?)c.Name.Value).RequiredText(SavedReport.MaxNameLength).OverridePropertyName("name")
        );
        When(
            c => c.SharedWithRoles.IsPresent,
            () =>
                RuleFor(c => (IReadOnlyList<string>?)c.SharedWithRoles.Value)
                    .ValidRoles()
                    .OverridePropertyName("sharedWithRoles")
        );
    }
}

internal sealed class CreateSavedReportHandler(
    ISavedReportRepository reports,
    ICurrentActor actor,
    TimeProvider clock,
    ReportPlanning planning
) : ICommandHandler<CreateSavedReportCommand, SavedReportDto>
{
    public async Task<Result<SavedReportDto>> Handle(
        CreateSavedReportCommand command,
        CancellationToken cancellationToken
    )
    {
        if (await SavedReports.CheckQueryAsync(command.Query, planning, cancellationToken) is { } invalid)
        {
            return invalid;
        }

        var settings = new SavedReportSettings(
            TextNormalizer.Collapse(command.Name),
            command.Query.ToJson(),
            command.SharedWithRoles
        );
        var report = SavedReport.Create(
            clock.NewId(),
            actor.OrganizationId,
            actor.UserId,
            actor.UserId is null ? actor.ClientId : null,
            settings,
            clock.UtcNowMicroseconds()
        );
        reports.Add(report);
        return SavedReportDto.From(report);
    }
}

internal sealed class UpdateSavedReportHandler(
    ISavedReportRepository reports,
    ICurrentActor actor,
    TimeProvider clock,
    ReportPlanning planning
) : ICommandHandler<UpdateSavedReportCommand, SavedReportDto>
{
    public async Task<Result<SavedReportDto>> Handle(
        UpdateSavedReportCommand command,
        CancellationToken cancellationToken
    )
    {
        if (await reports.FindOwnedAsync(command.Id, SavedReports.ReaderOf(actor), cancellationToken) is not { } report)
        {
            return SavedReports.NotFound(command.Id);
        }

        var precondition = command.IfMatch.Require(report.Version);
        if (!precondition.IsSuccess)
        {
            return precondition.Error!;
        }

        if (
            command.Query.IsPresent
            && await SavedReports.CheckQueryAsync(command.Query.Value, planning, cancellationToken) is { } invalid
        )
        {
            return invalid;
        }

        report.Update(
            new SavedReportSettings(
                command.Name.IsPresent ? TextNormalizer.Collapse(command.Name.Value) : report.Name,
                command.Query.IsPresent ? command.Query.Value.ToJson() : report.Definition,
                command.SharedWithRoles.Or(report.SharedWithRoles)
            ),
            clock.UtcNowMicroseconds()
        );
        return SavedReportDto.From(report);
    }
}

internal sealed class DeleteSavedReportHandler(ISavedReportRepository reports, ICurrentActor actor, TimeProvider clock)
    : ICommandHandler<DeleteSavedReportCommand, Unit>
{
    public async Task<Result<Unit>> Handle(DeleteSavedReportCommand command, CancellationToken cancellationToken)
    {
        if (await reports.FindOwnedAsync(command.Id, SavedReports.ReaderOf(actor), cancellationToken) is not { } report)
        {
            return SavedReports.NotFound(command.Id);
        }

        report.Delete(clock.UtcNowMicroseconds());
        return Unit.Value;
    }
}

internal sealed class GetSavedReportHandler(ISavedReportRepository reports, ICurrentActor actor)
    : IQueryHandler<GetSavedReportQuery, SavedReportDto>
{
    public async Task<Result<SavedReportDto>> Handle(GetSavedReportQuery query, CancellationToken cancellationToken) =>
        await reports.GetAsync(query.Id, SavedReports.ReaderOf(actor), cancellationToken) is { } report
            ? report
            : SavedReports.NotFound(query.Id);
}

internal sealed class ListSavedReportsValidator : AbstractValidator<ListSavedReportsQuery>
{
    public ListSavedReportsValidator() => RuleFor(q => q.Limit).ValidLimit();
}

internal sealed class ListSavedReportsHandler(ISavedReportRepository reports, ICurrentActor actor)
    : IQueryHandler<ListSavedReportsQuery, Page<SavedReportDto>>
{
    public async Task<Result<Page<SavedReportDto>>> Handle(
        ListSavedReportsQuery query,
        CancellationToken cancellationToken
    )
    {
        var paging = ListPaging.Prepare(SavedReports.Sorts, null, query.Cursor, query.Limit);
        if (!paging.IsSuccess)
        {
            return paging.Error!;
        }

        var (sort, after, limit) = paging.Value;
        var rows = await reports.ListAsync(SavedReports.ReaderOf(actor), after, limit + 1, cancellationToken);
        return ListPaging.ToPage(SavedReports.Sorts, sort, rows, limit, r => r.Id);
    }
}

/// <summary>Runs a saved report's query, compiled again from the catalogue, on the rows the caller may read.</summary>
internal sealed class RunSavedReportHandler(
    ISavedReportRepository reports,
    IReportEngine engine,
    ICurrentActor actor,
    IPersonalDataReads reads,
    ReportPlanning planning
) : IQueryHandler<RunSavedReportQuery, ReportResult>
{
    public async Task<Result<ReportResult>> Handle(RunSavedReportQuery query, CancellationToken cancellationToken)
    {
        if (await reports.GetAsync(query.Id, SavedReports.ReaderOf(actor), cancellationToken) is not { } report)
        {
            return SavedReports.NotFound(query.Id);
        }

        var plan = await planning.PlanAsync(report.Query, saved: true, cancellationToken);
        return plan.IsSuccess ? await ReportReads.RunAsync(engine, plan.Value, reads, cancellationToken) : plan.Error!;
    }
}
