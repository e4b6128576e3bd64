using MakCrm.Domain.Common;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
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

/// <summary>Stores a list of enum values as a <c>text[]</c> of their API spellings.</summary>
internal static class SnakeCaseEnumArray
{
    public static PropertyBuilder<TEnum[]> IsSnakeCaseEnumArray<TEnum>(this PropertyBuilder<TEnum[]> property)
        where TEnum : struct, Enum =>
        property
            .HasColumnType("text[]")
            .HasConversion(
                new ValueConverter<TEnum[], string[]>(
                    values => values.Select(v => SnakeCaseNames<TEnum>.Of(v)).ToArray(),
                    names => names.Select(n => SnakeCaseNames<TEnum>.Stored(n)).ToArray()
                ),
                new ValueComparer<TEnum[]>(
                    (a, b) => a!.SequenceEqual(b!),
                    values => values.Aggregate(0, (hash, v) => HashCode.Combine(hash, v)),
                    values => values.ToArray()
                )
            )
            .IsRequired();
}
