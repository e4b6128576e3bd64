namespace MakCrm.Infrastructure.Identity;

/// <summary>
/// A user's display name: the full name, or the e-mail when the full name is empty. The rule is written once, as the
/// database function <c>user_display_name</c> (an inlined SQL function, so a query using it plans as if it were
/// written out); raw SQL calls it through <see cref="Sql"/>, LINQ through <see cref="Of"/>.
/// </summary>
internal static class UserDisplayNames
{
    public const string Function = "user_display_name";

    /// <summary>The display name of the <c>users</c> row aliased <paramref name="alias"/>.</summary>
    public static string Sql(string alias) => $"{Function}({alias}.full_name, {alias}.email)";

    /// <summary>The display name in a LINQ query, translated to the function (registered in
    /// <see cref="Persistence.MakCrmDbContext"/>).</summary>
    public static string Of(string fullName, string? email) =>
        throw new InvalidOperationException(
            $"{nameof(UserDisplayNames)}.{nameof(Of)} is translated to SQL; it runs only inside a query."
        );
}
