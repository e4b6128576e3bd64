using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MakCrm.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class NotificationPreferencesAndOverdueTaskMark : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "overdue_notified_for",
                table: "tasks",
                type: "timestamp with time zone",
                nullable: true);

            // Tasks already past their due time were due before anyone could be told: they are marked told, so that
            // the first run of the overdue worker does not flood their assignees with old news.
            migrationBuilder.Sql("UPDATE tasks SET overdue_notified_for = due_at WHERE due_at <= now() AND done_at IS NULL AND deleted_at IS NULL;");

            migrationBuilder.CreateTable(
                name: "notification_preferences",
                columns: table => new
                {
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    channel = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    enabled = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_notification_preferences", x => new { x.user_id, x.kind, x.channel });
                    table.ForeignKey(
                        name: "fk_notification_preferences_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_tasks_open_by_due",
                table: "tasks",
                column: "due_at",
                filter: "done_at IS NULL AND deleted_at IS NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "notification_preferences");

            migrationBuilder.DropIndex(
                name: "ix_tasks_open_by_due",
                table: "tasks");

            migrationBuilder.DropColumn(
                name: "overdue_notified_for",
                table: "tasks");
        }
    }
}
