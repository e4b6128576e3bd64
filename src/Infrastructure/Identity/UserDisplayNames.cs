namespace MakCrm.Infrastructure.Identity;

/// <summary>A user's display name in raw SQL: the full name, or the e-mail when the full name is empty.</summary>
internal static class UserDisplayNames
{
    /// <summary>The display name of the <c>users</c> row aliased <paramref name="alias"/>.</summary>
    public static string Sql(string alias) => $"CASE WHEN {alias}.full_name <> '' THEN {alias}.full_name ELSE coalesce({alias}.email, '') END";
}
