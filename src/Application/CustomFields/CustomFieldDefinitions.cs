using System.Linq.Expressions;
using MakCrm.Application.Knowledge;
using MakCrm.Domain.Access;
using MakCrm.Domain.CustomFields;
using MakCrm.Domain.Knowledge;

namespace MakCrm.Application.CustomFields;

/// <summary>
/// Who reads custom field definitions: with <c>custom_fields.read.all</c> every one; otherwise the ones shown to one
/// of the reader's roles and to the reader's kind of organization.
/// </summary>
public sealed record CustomFieldDefinitionReader(bool All, Guid OrganizationId, IReadOnlyList<string> Roles)
{
    public static CustomFieldDefinitionReader Of(ICurrentActor actor) =>
        new(actor.Has(Permissions.CustomFieldsReadAll), actor.OrganizationId, actor.Roles);

    /// <summary>Whether both read the same definitions: the same standing, organization and roles.</summary>
    public bool SameAs(CustomFieldDefinitionReader other) =>
        (All, OrganizationId) == (other.All, other.OrganizationId) && Roles.SequenceEqual(other.Roles);
}

public sealed record CustomFieldDefinitionFilter(CustomFieldEntity? Entity, bool? Archived);

public enum CustomFieldDefinitionSortField
{
    Position,
    Label,
    CreatedAt,
}

public static class CustomFieldDefinitionSorts
{
    public static SortCatalog<CustomFieldDefinitionSortField, Contracts.CustomFieldDefinition> Catalog { get; } =
        new(
            "custom_field_definitions",
            "position",
            ("position", CustomFieldDefinitionSortField.Position, typeof(int), d => d.Position),
            ("label", CustomFieldDefinitionSortField.Label, typeof(string), d => d.Label),
            ("createdAt", CustomFieldDefinitionSortField.CreatedAt, typeof(DateTimeOffset), d => d.CreatedAt)
        );
}

public sealed record CustomFieldDefinitionListCriteria(
    CustomFieldDefinitionReader Reader,
    CustomFieldDefinitionFilter Filter,
    SortOption<CustomFieldDefinitionSortField> Sort,
    KeysetPosition? After,
    int Take
);

public sealed record ListCustomFieldDefinitionsQuery(
    CustomFieldEntity? Entity,
    bool? Archived,
    string? Sort,
    string? Cursor,
    int? Limit
) : IQuery<Page<Contracts.CustomFieldDefinition>>;

public sealed record GetCustomFieldDefinitionQuery(Guid Id) : IQuery<Contracts.CustomFieldDefinition>;

public sealed record CreateCustomFieldDefinitionCommand(
    CustomFieldEntity Entity,
    string Key,
    string Label,
    CustomFieldType Type,
    IReadOnlyList<string>? Options,
    bool Required,
    int Position,
    bool Sortable,
    IReadOnlyList<string>? VisibleToRoles,
    IReadOnlyList<string>? VisibleToKinds
) : ICommand<Contracts.CustomFieldDefinition>;

/// <summary>A JSON merge patch of a custom field definition; its entity, key and type never change.</summary>
public sealed record UpdateCustomFieldDefinitionCommand(
    Guid Id,
    VersionCheck IfMatch,
    Patch<string> Label,
    Patch<IReadOnlyList<string>> Options,
    Patch<bool> Required,
    Patch<int> Position,
    Patch<bool> Archived,
    Patch<bool> Sortable,
    Patch<IReadOnlyList<string>> VisibleToRoles,
    Patch<IReadOnlyList<string>> VisibleToKinds
) : ICommand<Contracts.CustomFieldDefinition>;

public sealed record DeleteCustomFieldDefinitionCommand(Guid Id, VersionCheck IfMatch) : ICommand<Unit>;

internal sealed class ListCustomFieldDefinitionsValidator : AbstractValidator<ListCustomFieldDefinitionsQuery>
{
    public ListCustomFieldDefinitionsValidator()
    {
        RuleFor(q => q.Entity).DefinedOrNull();
        RuleFor(q => q.Sort).ValidSort(CustomFieldDefinitionSorts.Catalog);
        RuleFor(q => q.Limit).ValidLimit();
    }
}

internal sealed class CreateCustomFieldDefinitionValidator : AbstractValidator<CreateCustomFieldDefinitionCommand>
{
    public CreateCustomFieldDefinitionValidator()
    {
        RuleFor(c => c.Entity).Defined();
        RuleFor(c => c.Key)
            .Must(CustomFieldDefinition.IsValidKey)
            .WithMessage(
                $"Must be snake_case: a lower-case letter, then letters, digits and underscores, at most "
                    + $"{CustomFieldDefinition.MaxKeyLength} characters."
            );
        RuleFor(c => c.Label).RequiredText(CustomFieldDefinition.MaxLabelLength);
        RuleFor(c => c.Type).Defined();
        RuleFor(c => c.Options)
            .Must((c, options) => CustomFieldOptions.Problem(c.Type, options) is null)
            .WithMessage(c => CustomFieldOptions.Problem(c.Type, c.Options));
        RuleFor(c => c.Position).InclusiveBetween(0, CustomFieldDefinition.MaxPosition);
        RuleFor(c => c.Sortable)
            .Must((c, sortable) => !sortable || CustomFieldDefinition.CanBeSortable(c.Type))
            .WithMessage(CustomFieldSortable.NotOfType);
        RuleFor(c => c.VisibleToRoles).ValidRoles();
        RuleFor(c => c.VisibleToKinds).ValidKinds();
    }
}

internal sealed class UpdateCustomFieldDefinitionValidator : AbstractValidator<UpdateCustomFieldDefinitionCommand>
{
    public UpdateCustomFieldDefinitionValidator()
    {
        When(
            c => c.Label.IsPresent,
            () =>
                RuleFor(c => (string?)c.Label.Value)
                    .RequiredText(CustomFieldDefinition.MaxLabelLength)
                    .OverridePropertyName("label")
        );
        When(
            c => c.Position.IsPresent,
            () =>
                RuleFor(c => c.Position.Value)
                    .InclusiveBetween(0, CustomFieldDefinition.MaxPosition)
                    .OverridePropertyName("position")
        );
        this.ValidVisibilityPatch(c => c.VisibleToRoles, c => c.VisibleToKinds);
    }
}

internal sealed class ListCustomFieldDefinitionsHandler(
    ICustomFieldDefinitionRepository repository,
    ICurrentActor actor
) : IQueryHandler<ListCustomFieldDefinitionsQuery, Page<Contracts.CustomFieldDefinition>>
{
    public async Task<Result<Page<Contracts.CustomFieldDefinition>>> Handle(
        ListCustomFieldDefinitionsQuery query,
        CancellationToken cancellationToken
    )
    {
        var paging = ListPaging.Prepare(CustomFieldDefinitionSorts.Catalog, query.Sort, query.Cursor, query.Limit);
        if (!paging.IsSuccess)
        {
            return paging.Error!;
        }

        var (sort, after, limit) = paging.Value;
        var criteria = new CustomFieldDefinitionListCriteria(
            CustomFieldDefinitionReader.Of(actor),
            new CustomFieldDefinitionFilter(query.Entity, query.Archived),
            sort,
            after,
            limit + 1
        );
        var rows = await repository.ListAsync(criteria, cancellationToken);
        return ListPaging.ToPage(CustomFieldDefinitionSorts.Catalog, sort, rows, limit, d => d.Id);
    }
}

internal sealed class GetCustomFieldDefinitionHandler(ICustomFieldDefinitionRepository repository, ICurrentActor actor)
    : IQueryHandler<GetCustomFieldDefinitionQuery, Contracts.CustomFieldDefinition>
{
    public async Task<Result<Contracts.CustomFieldDefinition>> Handle(
        GetCustomFieldDefinitionQuery query,
        CancellationToken cancellationToken
    ) =>
        await repository.GetAsync(query.Id, CustomFieldDefinitionReader.Of(actor), cancellationToken) is { } found
            ? found
            : Error.NotFound("Custom field definition", query.Id);
}

internal sealed class CreateCustomFieldDefinitionHandler(
    ICustomFieldDefinitionRepository repository,
    TimeProvider clock
) : ICommandHandler<CreateCustomFieldDefinitionCommand, Contracts.CustomFieldDefinition>
{
    public async Task<Result<Contracts.CustomFieldDefinition>> Handle(
        CreateCustomFieldDefinitionCommand command,
        CancellationToken cancellationToken
    )
    {
        if (await repository.KeyTakenAsync(command.Entity, command.Key, cancellationToken))
        {
            var entity = SnakeCaseNames<CustomFieldEntity>.Of(command.Entity);
            return new Error(
                ErrorCodes.CustomFieldExists,
                $"The {entity} has a custom field {command.Key} already; change it with PATCH.",
                ErrorKind.Conflict
            );
        }

        var limit = command.Sortable
            ? await CustomFieldSortable.LimitReachedAsync(repository, command.Entity, cancellationToken)
            : null;
        if (limit is not null)
        {
            return limit;
        }

        var settings = new CustomFieldSettings(
            command.Label,
            command.Options ?? [],
            command.Required,
            command.Position,
            false,
            new Visibility(command.VisibleToRoles ?? [], command.VisibleToKinds ?? [])
        )
        {
            Sortable = command.Sortable,
        };
        var created = CustomFieldDefinition.Create(
            clock.NewId(),
            command.Entity,
            command.Key,
            command.Type,
            settings,
            clock.UtcNowMicroseconds()
        );
        repository.Add(created);
        return CustomFieldDefinitionAnswers.Of(created);
    }
}

internal sealed class UpdateCustomFieldDefinitionHandler(
    ICustomFieldDefinitionRepository repository,
    TimeProvider clock
) : ICommandHandler<UpdateCustomFieldDefinitionCommand, Contracts.CustomFieldDefinition>
{
    public async Task<Result<Contracts.CustomFieldDefinition>> Handle(
        UpdateCustomFieldDefinitionCommand command,
        CancellationToken cancellationToken
    )
    {
        var found = await repository.FindAsync(command.Id, cancellationToken);
        if (found is null)
        {
            return Error.NotFound("Custom field definition", command.Id);
        }

        var precondition = command.IfMatch.Require(found.Version);
        if (!precondition.IsSuccess)
        {
            return precondition.Error!;
        }

        var current = found.Settings;
        var options = command.Options.Or(current.Options);
        if (command.Options.IsPresent && CustomFieldOptions.Problem(found.Type, options) is { } problem)
        {
            return Error.Validation("options", problem);
        }

        var sortable = command.Sortable.Or(current.Sortable);
        if (sortable && !current.Sortable)
        {
            if (!CustomFieldDefinition.CanBeSortable(found.Type))
            {
                return Error.Validation("sortable", CustomFieldSortable.NotOfType);
            }

            if (await CustomFieldSortable.LimitReachedAsync(repository, found.Entity, cancellationToken) is { } limit)
            {
                return limit;
            }
        }

        var visibility = new Visibility(
            command.VisibleToRoles.Or(current.Visibility.Roles),
            command.VisibleToKinds.Or(current.Visibility.OrganizationKinds)
        );
        found.Update(
            new CustomFieldSettings(
                command.Label.Or(current.Label),
                options,
                command.Required.Or(current.Required),
                command.Position.Or(current.Position),
                command.Archived.Or(current.Archived),
                visibility
            )
            {
                Sortable = sortable,
            },
            clock.UtcNowMicroseconds()
        );
        return CustomFieldDefinitionAnswers.Of(found);
    }
}

internal sealed class DeleteCustomFieldDefinitionHandler(
    ICustomFieldDefinitionRepository repository,
    TimeProvider clock
) : ICommandHandler<DeleteCustomFieldDefinitionCommand, Unit>
{
    public async Task<Result<Unit>> Handle(
        DeleteCustomFieldDefinitionCommand command,
        CancellationToken cancellationToken
    )
    {
        var found = await repository.FindAsync(command.Id, cancellationToken);
        if (found is null)
        {
            return Error.NotFound("Custom field definition", command.Id);
        }

        var precondition = command.IfMatch.IfPresent(found.Version);
        if (!precondition.IsSuccess)
        {
            return precondition;
        }

        found.Delete(clock.UtcNowMicroseconds());
        return Unit.Value;
    }
}

/// <summary>A custom field definition as the API answers it.</summary>
public static class CustomFieldDefinitionAnswers
{
    /// <summary>The answer made from a row: the repository's projection, and the handlers' after a change.</summary>
    public static Expression<Func<CustomFieldDefinition, Contracts.CustomFieldDefinition>> Projection { get; } =
        e => new Contracts.CustomFieldDefinition(
            e.Id,
            e.Entity,
            e.Key,
            e.Label,
            e.Type,
            e.Options,
            e.Required,
            e.Position,
            e.Archived,
            e.Sortable,
            e.VisibleToRoles,
            e.VisibleToKinds,
            e.CreatedAt,
            e.UpdatedAt,
            e.Version
        );

    private static readonly Func<CustomFieldDefinition, Contracts.CustomFieldDefinition> Compiled =
        Projection.Compile();

    public static Contracts.CustomFieldDefinition Of(CustomFieldDefinition row) => Compiled(row);
}

/// <summary>
/// The rule on sortable fields: each costs an index that every write of the entity's records updates, so an entity has
/// at most <see cref="CustomFieldDefinition.MaxSortablePerEntity"/>, and a multiselect (a list) is never one.
/// </summary>
internal static class CustomFieldSortable
{
    public const string NotOfType = "A multiselect field cannot be sortable: its value is a list of options.";

    public static async Task<Error?> LimitReachedAsync(
        ICustomFieldDefinitionRepository repository,
        CustomFieldEntity entity,
        CancellationToken cancellationToken
    )
    {
        var count = await repository.CountSortableAsync(entity, cancellationToken);
        return count < CustomFieldDefinition.MaxSortablePerEntity
            ? null
            : new Error(
                ErrorCodes.CustomFieldSortableLimit,
                $"The {SnakeCaseNames<CustomFieldEntity>.Of(entity)} has {count} sortable custom fields, as many as it "
                    + $"may have ({CustomFieldDefinition.MaxSortablePerEntity}); make one of them not sortable first.",
                ErrorKind.Conflict
            );
    }
}

/// <summary>The options a type takes: one to a hundred distinct ones for a select or multiselect, none
/// otherwise.</summary>
internal static class CustomFieldOptions
{
    /// <summary>What is wrong with the options for the type, or <c>null</c> when they fit it.</summary>
    public static string? Problem(CustomFieldType type, IReadOnlyList<string>? options)
    {
        if (!CustomFieldDefinition.HasOptions(type))
        {
            return options is null or { Count: 0 } ? null : "Only a select or multiselect has options.";
        }

        if (options is null or { Count: 0 } || options.Count > CustomFieldDefinition.MaxOptions)
        {
            return $"A select or multiselect has 1 to {CustomFieldDefinition.MaxOptions} options.";
        }

        var normalized = options.Select(o => TextNormalizer.Collapse(o ?? "")).ToList();
        if (normalized.Any(o => o.Length is 0 or > CustomFieldDefinition.MaxOptionLength))
        {
            return $"Each option has 1 to {CustomFieldDefinition.MaxOptionLength} characters.";
        }

        return normalized.Distinct(StringComparer.Ordinal).Count() == normalized.Count
            ? null
            : "The options must differ from each other.";
    }
}
