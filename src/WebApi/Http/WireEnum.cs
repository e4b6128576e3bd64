using MakCrm.Domain.Common;

namespace MakCrm.WebApi.Http;

/// <summary>The wire name of <see cref="SnakeCaseNames{TEnum}"/>, which endpoints read enums from the query and form with.</summary>
public static class WireEnum<TEnum>
    where TEnum : struct, Enum
{
    public static string Allowed => SnakeCaseNames<TEnum>.Allowed;

    public static TEnum? Parse(string? text) => SnakeCaseNames<TEnum>.Parse(text);
}
