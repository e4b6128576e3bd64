using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MakCrm.Infrastructure.Persistence.Migrations
{
    /// <summary>
    /// The display name rule as one database function, which raw SQL and LINQ (a mapped function) both call: the full
    /// name, or the e-mail when the full name is empty. A one-statement SQL function, immutable and not strict, so the
    /// planner inlines it.
    /// </summary>
    public partial class UserDisplayNameFunction : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE FUNCTION user_display_name(full_name text, email text) RETURNS text
                    LANGUAGE sql IMMUTABLE PARALLEL SAFE
                    AS $$ SELECT CASE WHEN full_name <> '' THEN full_name ELSE coalesce(email, '') END $$;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP FUNCTION user_display_name(text, text);");
        }
    }
}
