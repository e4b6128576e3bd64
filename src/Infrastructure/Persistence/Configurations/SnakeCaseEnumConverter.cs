using MakCrm.Domain.Common;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace MakCrm.Infrastructure.Persistence.Configurations;

/// <summary>Stores an enum as its API spelling (<c>lead_generation</c>), readable in SQL and stable across renames of
/// C# members' casing.</summary>
internal sealed class SnakeCaseEnumConverter<TEnum>()
    : ValueConverter<TEnum, string>(
        value => SnakeCaseNames<TEnum>.Of(value),
        text => SnakeCaseNames<TEnum>.Stored(text)
    )
    where TEnum : struct, Enum;
