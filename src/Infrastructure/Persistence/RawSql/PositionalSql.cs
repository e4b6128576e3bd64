using System.Text.RegularExpressions;
using Npgsql;

namespace MakCrm.Infrastructure.Persistence.RawSql;

/// <summary>
/// A statement written with named placeholders (<c>@lot</c>) for the reader, turned once into the positional form
/// (<c>$1</c>) that Npgsql sends as written — with named placeholders it parses and rewrites the SQL on every
/// execution, on the bid path too. Each statement gets only the parameters it names.
/// </summary>
public sealed partial record PositionalSql(string Sql, IReadOnlyList<string> Names)
{
    /// <summary>Numbers the placeholders in order of first appearance; a name used twice is one parameter.</summary>
    public static PositionalSql From(string namedSql)
    {
        var names = new List<string>();
        var sql = Placeholder()
            .Replace(
                namedSql,
                match =>
                {
                    var name = match.Groups[1].Value;
                    var position = names.IndexOf(name);
                    if (position < 0)
                    {
                        names.Add(name);
                        position = names.Count - 1;
                    }

                    return $"${position + 1}";
                }
            );
        return new PositionalSql(sql, names);
    }

    /// <summary>The statement for a batch, with a new parameter for each name (a parameter belongs to one command
    /// only).</summary>
    public NpgsqlBatchCommand Command<TValues>(TValues values, Func<TValues, string, NpgsqlParameter> parameter)
    {
        var command = new NpgsqlBatchCommand(Sql);
        foreach (var name in Names)
        {
            command.Parameters.Add(parameter(values, name));
        }

        return command;
    }

    [GeneratedRegex("@([a-z_][a-z0-9_]*)")]
    private static partial Regex Placeholder();
}
