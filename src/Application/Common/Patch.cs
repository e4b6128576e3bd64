namespace MakCrm.Application.Common;

/// <summary>
/// One field of a JSON merge patch (RFC 7396): either absent (leave the field as it is) or present with a value,
/// which may be <c>null</c>.
/// </summary>
public readonly record struct Patch<T>(bool IsPresent, T Value)
{
    public static Patch<T> Absent => default;

    public static Patch<T> Of(T value) => new(true, value);

    public T Or(T current) => IsPresent ? Value : current;
}
