using MakCrm.Domain.Organizations;

namespace MakCrm.Application.Users;

/// <summary>A sign-in of the signed-in user, marking the one the request was made with.</summary>
public sealed record SessionDto(SignIn SignIn, bool IsCurrent);

public enum UserSortField
{
    CreatedAt,
    FullName,
}

public sealed record UserListCriteria(
    DataScope Scope,
    string? Search,
    Guid? OrganizationId,
    string? Role,
    Contracts.UserStatus? Status,
    SortOption<UserSortField> Sort,
    KeysetPosition? After,
    int Take
);

public static class UserSorts
{
    public static SortCatalog<UserSortField, Contracts.User> Catalog { get; } =
        new(
            "users",
            "createdAt",
            ("createdAt", UserSortField.CreatedAt, typeof(DateTimeOffset), u => u.CreatedAt),
            ("fullName", UserSortField.FullName, typeof(string), u => u.FullName)
        );
}
