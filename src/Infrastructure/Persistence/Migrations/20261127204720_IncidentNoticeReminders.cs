using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MakCrm.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class IncidentNoticeReminders : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "follow_up_reminder_sent_at",
                table: "personal_data_incidents",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "initial_reminder_sent_at",
                table: "personal_data_incidents",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "remind_at",
                table: "personal_data_incidents",
                type: "timestamp with time zone",
                nullable: true);

            // The incidents recorded before there were reminders are armed as PersonalDataIncident arms a new one:
            // six hours before the first of its notices not yet sent (the 24-hour one, else the 72-hour one).
            migrationBuilder.Sql(
                """
                UPDATE personal_data_incidents SET remind_at = CASE
                    WHEN initial_notice_sent_at IS NULL THEN detected_at + interval '18 hours'
                    ELSE detected_at + interval '66 hours' END
                WHERE initial_notice_sent_at IS NULL OR follow_up_sent_at IS NULL;
                """
            );

            // Built concurrently, outside the migration's transaction, as on any table with data (docs/operations.md).
            migrationBuilder.Sql(
                "CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_personal_data_incidents_remind_at ON personal_data_incidents "
                    + "(remind_at) WHERE remind_at IS NOT NULL AND deleted_at IS NULL;",
                suppressTransaction: true
            );
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_personal_data_incidents_remind_at",
                table: "personal_data_incidents");

            migrationBuilder.DropColumn(
                name: "follow_up_reminder_sent_at",
                table: "personal_data_incidents");

            migrationBuilder.DropColumn(
                name: "initial_reminder_sent_at",
                table: "personal_data_incidents");

            migrationBuilder.DropColumn(
                name: "remind_at",
                table: "personal_data_incidents");
        }
    }
}
