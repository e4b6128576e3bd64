using MakCrm.Domain.Access;

namespace MakCrm.Application.AssigneePicker;

/// <summary>
/// The users whom a record of the kind, belonging to the organization (by default the caller's), may be given to:
/// exactly those <see cref="Common.Assignees"/> accepts, so that a picker never offers somebody the change would
/// refuse.
/// </summary>
public sealed record ListAssigneesQuery(
    Contracts.AssigneeRecordKind? Kind,
    Guid? OrganizationId = null,
    string? Cursor = null,
    int? Limit = null
) : IQuery<Page<AssigneeCandidateDto>>;

internal sealed class ListAssigneesValidator : AbstractValidator<ListAssigneesQuery>
{
    public ListAssigneesValidator()
    {
        RuleFor(q => q.Kind).NotNull().WithMessage("Is required: lead, deal or task.");
        RuleFor(q => q.OrganizationId).NotEqual(Guid.Empty).WithMessage("Must be an organization's id.");
        RuleFor(q => q.Limit).ValidLimit();
    }
}

public static class AssigneeSorts
{
    /// <summary>By display name, the only order the picker offers.</summary>
    public static SortCatalog<AssigneeSortField, AssigneeCandidateDto> Catalog { get; } =
        new(
            "assignees",
            "displayName",
            ("displayName", AssigneeSortField.DisplayName, typeof(string), c => c.DisplayName)
        );
}

public enum AssigneeSortField
{
    DisplayName,
}

internal sealed class ListAssigneesHandler(IUserDirectory users, ICurrentActor actor)
    : IQueryHandler<ListAssigneesQuery, Page<AssigneeCandidateDto>>
{
    public async Task<Result<Page<AssigneeCandidateDto>>> Handle(
        ListAssigneesQuery query,
        CancellationToken cancellationToken
    )
    {
        var (record, write) = query.Kind switch
        {
            Contracts.AssigneeRecordKind.Lead => (AssignedRecord.Lead, Permissions.LeadsWrite),
            Contracts.AssigneeRecordKind.Deal => (AssignedRecord.Deal, Permissions.DealsWrite),
            _ => (AssignedRecord.Task, Permissions.TasksWrite),
        };

        // Who may give such records to somebody, in an organization they see: its own, or any with the .all permission.
        var organizationId = query.OrganizationId ?? actor.OrganizationId;
        if (!actor.Has(write))
        {
            return new Error(
                ErrorCodes.Forbidden,
                $"Listing whom a {record.Kind} may be given to needs the {write} permission.",
                ErrorKind.Forbidden
            );
        }

        if (!DataScope.For(actor, record.ReadAll).Includes(organizationId))
        {
            return new Error(
                ErrorCodes.Forbidden,
                $"Only your organization's {record.Kind}s can be given to somebody here.",
                ErrorKind.Forbidden
            );
        }

        var paging = ListPaging.Prepare(AssigneeSorts.Catalog, null, query.Cursor, query.Limit);
        if (!paging.IsSuccess)
        {
            return paging.Error!;
        }

        var (sort, after, limit) = paging.Value;
        var rows = await users.ListAssignableAsync(
            new AssigneeCandidateCriteria(record, organizationId, after, limit + 1),
            cancellationToken
        );
        return ListPaging.ToPage(AssigneeSorts.Catalog, sort, rows, limit, c => c.Id);
    }
}
