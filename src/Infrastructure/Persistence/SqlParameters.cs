using Npgsql;
using NpgsqlTypes;

namespace MakCrm.Infrastructure.Persistence;

/// <summary>
/// Positional (<c>$1</c>) parameters with their PostgreSQL types, for the raw statements of the hot paths: unnamed, so
/// Npgsql sends the SQL as written instead of rewriting named placeholders; typed, so a null has a type too.
/// </summary>
internal static class SqlParameters
{
    public static NpgsqlParameter Uuid(Guid? value) => Typed(NpgsqlDbType.Uuid, value);

    public static NpgsqlParameter Text(string? value) => Typed(NpgsqlDbType.Text, value);

    public static NpgsqlParameter TextArray(IEnumerable<string> values) => Array(NpgsqlDbType.Text, values);

    /// <summary>An array of <paramref name="elementType"/> (for <c>unnest</c> and <c>= ANY</c>).</summary>
    public static NpgsqlParameter Array<T>(NpgsqlDbType elementType, IEnumerable<T> values) =>
        Typed(NpgsqlDbType.Array | elementType, values.ToArray());

    public static NpgsqlParameter Instant(DateTimeOffset value) => Typed(NpgsqlDbType.TimestampTz, value);

    public static NpgsqlParameter Jsonb(string? json) => Typed(NpgsqlDbType.Jsonb, json);

    public static NpgsqlParameter Varchar(string? value) => Typed(NpgsqlDbType.Varchar, value);

    public static NpgsqlParameter Integer(int value) => Typed(NpgsqlDbType.Integer, value);

    public static NpgsqlParameter Numeric(decimal value) => Typed(NpgsqlDbType.Numeric, value);

    public static NpgsqlParameter Interval(TimeSpan value) => Typed(NpgsqlDbType.Interval, value);

    public static NpgsqlParameter Bytea(byte[]? value) => Typed(NpgsqlDbType.Bytea, value);

    private static NpgsqlParameter Typed(NpgsqlDbType type, object? value) =>
        new() { NpgsqlDbType = type, Value = value ?? DBNull.Value };
}
