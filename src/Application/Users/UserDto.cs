using MakCrm.Application.Abstractions.Security;
using MakCrm.Application.Common;
using MakCrm.Domain.Organizations;

namespace MakCrm.Application.Users;

/// <summary>Whether a user can sign in: deactivated users are refused at sign-in and on every request.</summary>
public enum UserStatus
{
    Active,
    Deactivated,
}

/// <summary>A user account as the API shows it.</summary>
public sealed record UserDto(
    Guid Id,
    string FullName,
    string Email,
    string? Phone,
    string Role,
    Guid OrganizationId,
    UserStatus Status,
    bool TwoFactorEnabled,
    bool IsOrganizationOwner,
    DateTimeOffset CreatedAt);

/// <summary>The signed-in user, its organization and what it may do (exactly the permissions the server enforces for it now).</summary>
public sealed record MeDto(UserDto User, DateTimeOffset? LastTwoFactorSignInAt, MyOrganizationDto Organization, IReadOnlyList<string> Permissions);

/// <summary>The signed-in user's organization, with whether the user owns it.</summary>
public sealed record MyOrganizationDto(Guid Id, string Name, OrganizationKind Kind, OrganizationStatus Status, string? Grade, bool IsOwner);

/// <summary>A sign-in of the signed-in user, marking the one the request was made with.</summary>
public sealed record SessionDto(SignIn SignIn, bool IsCurrent);

public enum UserSortField
{
    CreatedAt,
    FullName,
}

public sealed record UserListCriteria(
    DataScope Scope, string? Search, Guid? OrganizationId, string? Role, UserStatus? Status, SortOption<UserSortField> Sort, KeysetPosition? After, int Take);

public static class UserSorts
{
    public static SortCatalog<UserSortField, UserDto> Catalog { get; } = new(
        "users",
        "createdAt",
        ("createdAt", UserSortField.CreatedAt, typeof(DateTimeOffset), u => u.CreatedAt),
        ("fullName", UserSortField.FullName, typeof(string), u => u.FullName));
}
