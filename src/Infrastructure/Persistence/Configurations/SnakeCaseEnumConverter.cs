using MakCrm.Domain.Common;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace MakCrm.Infrastructure.Persistence.Configurations;

/// <summary>Stores an enum as its API spelling (<c>lead_generation</c>), readable in SQL and stable across renames of C# members' casing.</summary>
internal sealed class SnakeCaseEnumConverter<TEnum>() : ValueConverter<TEnum, string>(
    value => ToText(value),
    text => FromText(text))
    where TEnum : struct, Enum
{
    public static string ToText(TEnum value) => SnakeCaseNames<TEnum>.Of(value);

    public static TEnum FromText(string text) =>
        SnakeCaseNames<TEnum>.Parse(text) ?? throw new InvalidOperationException($"'{text}' is not a stored {typeof(TEnum).Name}.");
}
