using MakCrm.Infrastructure.Persistence.RawSql;
using Npgsql;
using NpgsqlTypes;

namespace MakCrm.UnitTests.Infrastructure;

public sealed class PositionalSqlTests
{
    [Fact]
    public void Placeholders_are_numbered_in_order_of_first_appearance_and_a_repeated_name_is_one_parameter()
    {
        var statement = PositionalSql.From("SELECT @b, @a_1 FROM t WHERE x = @b AND y::text ~ '^\\s+$' AND z = @a_1");

        statement.Sql.Should().Be("SELECT $1, $2 FROM t WHERE x = $1 AND y::text ~ '^\\s+$' AND z = $2");
        statement.Names.Should().Equal("b", "a_1");
    }

    [Fact]
    public void A_statement_without_placeholders_is_kept_as_written()
    {
        var statement = PositionalSql.From("SELECT set_config('plan_cache_mode', 'force_generic_plan', true)");

        statement.Sql.Should().Be("SELECT set_config('plan_cache_mode', 'force_generic_plan', true)");
        statement.Names.Should().BeEmpty();
    }

    [Fact]
    public void A_command_gets_a_new_parameter_per_name_in_position_order()
    {
        var values = new Dictionary<string, int> { ["a"] = 1, ["b"] = 2 };

        var command = PositionalSql.From("SELECT @b + @a + @b").Command(values, (v, name) => new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Integer, Value = v[name] });

        command.CommandText.Should().Be("SELECT $1 + $2 + $1");
        command.Parameters.Select(p => p.Value).Should().Equal(2, 1);
        command.Parameters.Should().OnlyContain(p => p.ParameterName == "");
    }
}
