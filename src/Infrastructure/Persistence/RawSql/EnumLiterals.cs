using MakCrm.Domain.Common;

namespace MakCrm.Infrastructure.Persistence.RawSql;

/// <summary>
/// The one place an enum value is written into SQL text: as a quoted literal of its <see cref="SnakeCaseNames"/>
/// spelling, the spelling the columns store. Spliced in rather than sent as a parameter where the text must be the same
/// every time: a statement's (and so its plan's), a check constraint's, a filtered index's condition.
/// </summary>
internal static class EnumLiterals
{
    /// <summary><c>'open'</c> for <c>LotStatus.Open</c>.</summary>
    public static string Of<TEnum>(TEnum value)
        where TEnum : struct, Enum => Quoted(SnakeCaseNames.Of(value));

    /// <summary>The values' literals, comma-separated, for <c>IN (...)</c>.</summary>
    public static string List<TEnum>(params TEnum[] values)
        where TEnum : struct, Enum => string.Join(", ", values.Select(Of));

    /// <summary>Every value's literal in the order of the values, comma-separated, for <c>IN (...)</c>.</summary>
    public static string All<TEnum>()
        where TEnum : struct, Enum => string.Join(", ", SnakeCaseNames<TEnum>.All.Select(Quoted));

    private static string Quoted(string spelling) => $"'{spelling}'";
}
