using MakCrm.Domain.Access;

namespace MakCrm.Application.Users;

public sealed record ListUsersQuery(
    string? Q = null,
    Guid? OrganizationId = null,
    string? Role = null,
    Contracts.UserStatus? Status = null,
    string? Sort = null,
    string? Cursor = null,
    int? Limit = null,
    bool? WithTotal = null
) : IQuery<Page<Contracts.User>>;

public sealed record GetUserQuery(Guid Id) : IQuery<Contracts.User>;

internal sealed class ListUsersValidator : AbstractValidator<ListUsersQuery>
{
    public ListUsersValidator()
    {
        RuleFor(q => q.Q).ValidSearch();
        RuleFor(q => q.Role)
            .Must(r => r is null || Roles.DefaultMatrix.ContainsKey(r))
            .WithMessage($"Must be one of: {string.Join(", ", Roles.DefaultMatrix.Keys)}.");
        RuleFor(q => q.Status).DefinedOrNull();
        RuleFor(q => q.Sort).ValidSort(UserSorts.Catalog);
        RuleFor(q => q.Limit).ValidLimit();
    }
}

/// <summary>Users of every organization with <c>users.read.all</c>, else of the caller's own organization
/// only.</summary>
internal sealed class ListUsersHandler(IUserAdministration users, ICurrentActor actor)
    : IQueryHandler<ListUsersQuery, Page<Contracts.User>>
{
    public async Task<Result<Page<Contracts.User>>> Handle(ListUsersQuery query, CancellationToken cancellationToken)
    {
        var paging = ListPaging.Prepare(UserSorts.Catalog, query.Sort, query.Cursor, query.Limit);
        if (!paging.IsSuccess)
        {
            return paging.Error!;
        }

        var (sort, after, limit) = paging.Value;
        var search = string.IsNullOrWhiteSpace(query.Q) ? null : query.Q.Trim();
        var criteria = new UserListCriteria(
            DataScope.For(actor, Permissions.UsersReadAll),
            search,
            query.OrganizationId,
            query.Role,
            query.Status,
            sort,
            after,
            limit + 1
        );
        var rows = await users.ListAsync(criteria, cancellationToken);
        return await ListPaging
            .ToPage(UserSorts.Catalog, sort, rows, limit, u => u.Id)
            .WithTotalAsync(query.WithTotal, c => users.TotalAsync(criteria, c), cancellationToken);
    }
}

internal sealed class GetUserHandler(IUserAdministration users, ICurrentActor actor)
    : IQueryHandler<GetUserQuery, Contracts.User>
{
    public async Task<Result<Contracts.User>> Handle(GetUserQuery query, CancellationToken cancellationToken) =>
        await users.FindAsync(query.Id, DataScope.For(actor, Permissions.UsersReadAll), cancellationToken) is { } user
            ? user
            : Error.NotFound("User", query.Id);
}
