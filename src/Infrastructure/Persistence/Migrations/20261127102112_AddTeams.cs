using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MakCrm.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class AddTeams : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "visibility",
                table: "users",
                type: "character varying(16)",
                maxLength: 16,
                nullable: false,
                defaultValue: "organization");

            migrationBuilder.CreateTable(
                name: "teams",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    organization_id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    member_user_ids = table.Column<List<Guid>>(type: "uuid[]", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    deleted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_teams", x => x.id);
                    table.ForeignKey(
                        name: "fk_teams_organizations_organization_id",
                        column: x => x.organization_id,
                        principalTable: "organizations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_teams_member_user_ids",
                table: "teams",
                column: "member_user_ids",
                filter: "deleted_at IS NULL")
                .Annotation("Npgsql:IndexMethod", "gin");

            migrationBuilder.CreateIndex(
                name: "ix_teams_organization_id_name_id",
                table: "teams",
                columns: new[] { "organization_id", "name", "id" },
                filter: "deleted_at IS NULL");

            // A user's visibility and its teams' members are part of its standing (UserStandings): a change of either
            // makes every instance forget the standings it remembered.
            migrationBuilder.Sql(
                """
                DROP TRIGGER users_standing_changed ON users;
                CREATE TRIGGER users_standing_changed AFTER UPDATE ON users FOR EACH ROW
                    WHEN (OLD.is_disabled IS DISTINCT FROM NEW.is_disabled
                          OR OLD.organization_id IS DISTINCT FROM NEW.organization_id
                          OR OLD.full_name IS DISTINCT FROM NEW.full_name OR OLD.email IS DISTINCT FROM NEW.email
                          OR OLD.visibility IS DISTINCT FROM NEW.visibility)
                    EXECUTE FUNCTION notify_user_standing_changed();
                CREATE TRIGGER teams_standing_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON teams
                    FOR EACH STATEMENT EXECUTE FUNCTION notify_user_standing_changed();
                """
            );
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "teams");

            migrationBuilder.Sql(
                """
                DROP TRIGGER users_standing_changed ON users;
                CREATE TRIGGER users_standing_changed AFTER UPDATE ON users FOR EACH ROW
                    WHEN (OLD.is_disabled IS DISTINCT FROM NEW.is_disabled
                          OR OLD.organization_id IS DISTINCT FROM NEW.organization_id
                          OR OLD.full_name IS DISTINCT FROM NEW.full_name OR OLD.email IS DISTINCT FROM NEW.email)
                    EXECUTE FUNCTION notify_user_standing_changed();
                """
            );

            migrationBuilder.DropColumn(
                name: "visibility",
                table: "users");
        }
    }
}
