using System.Linq.Expressions;
using System.Reflection;
using MakCrm.Domain.Clients;

namespace MakCrm.Infrastructure.Persistence.Repositories;

/// <summary>A search text prepared for SQL: an escaped ILIKE pattern and, when it looks like a phone, up to two digit
/// fragments.</summary>
internal sealed record TextSearch(string Pattern, string? PhoneDigits, string? PhoneDigitsAlternative)
{
    /// <summary>The escape character of <see cref="EscapeLike"/>; Npgsql disables escaping unless one is
    /// named.</summary>
    public const string Escape = @"\";

    public static TextSearch From(string text)
    {
        var fragments = PhoneNumber.SearchFragments(text);
        return new TextSearch(
            "%" + EscapeLike(text) + "%",
            fragments.Count > 0 ? fragments[0] : null,
            fragments.Count > 1 ? fragments[1] : null
        );
    }

    public static string EscapeLike(string text) =>
        text.Replace(@"\", @"\\", StringComparison.Ordinal)
            .Replace("%", @"\%", StringComparison.Ordinal)
            .Replace("_", @"\_", StringComparison.Ordinal);
}

/// <summary>A list's <c>q</c> over one text column: a case-insensitive substring match (<c>ILIKE</c>, which the
/// column's trigram index serves).</summary>
internal static class TextSearchFilter
{
    private static readonly MethodInfo ILike =
        typeof(NpgsqlDbFunctionsExtensions).GetMethod(
            nameof(NpgsqlDbFunctionsExtensions.ILike),
            [typeof(DbFunctions), typeof(string), typeof(string), typeof(string)]
        ) ?? throw new MissingMethodException(nameof(NpgsqlDbFunctionsExtensions), "ILike");

    public static IQueryable<T> WhereTextMatches<T>(
        this IQueryable<T> query,
        string? text,
        Expression<Func<T, string>> column
    )
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return query;
        }

        // A member of a constant object becomes a SQL parameter, as the keyset's boundary does.
        var pattern = new Pattern("%" + TextSearch.EscapeLike(text.Trim()) + "%");
        var match = Expression.Call(
            ILike,
            Expression.Constant(EF.Functions),
            column.Body,
            Expression.Property(Expression.Constant(pattern), nameof(Pattern.Value)),
            Expression.Constant(TextSearch.Escape)
        );
        return query.Where(Expression.Lambda<Func<T, bool>>(match, column.Parameters[0]));
    }

    private sealed record Pattern(string Value);
}
