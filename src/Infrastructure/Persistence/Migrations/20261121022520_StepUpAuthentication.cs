using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MakCrm.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class StepUpAuthentication : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "authenticated_at",
                table: "refresh_tokens",
                type: "timestamp with time zone",
                nullable: false,
                defaultValue: new DateTimeOffset(new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)));

            // A sign-in was proven when its family's first token was issued; later tokens of the family only refreshed it.
            migrationBuilder.Sql("""
                UPDATE refresh_tokens AS t
                SET authenticated_at = f.first_issued
                FROM (SELECT family_id, min(created_at) AS first_issued FROM refresh_tokens GROUP BY family_id) AS f
                WHERE t.family_id = f.family_id;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "authenticated_at",
                table: "refresh_tokens");
        }
    }
}
