using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

#pragma warning disable CA1814 // Prefer jagged arrays over multidimensional

namespace MakCrm.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class TasksAndNotifications : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "notifications",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    recipient_user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    organization_id = table.Column<Guid>(type: "uuid", nullable: false),
                    kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    body = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    subject_type = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    subject_id = table.Column<Guid>(type: "uuid", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    read_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_notifications", x => x.id);
                    table.ForeignKey(
                        name: "fk_notifications_organizations_organization_id",
                        column: x => x.organization_id,
                        principalTable: "organizations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_notifications_users_recipient_user_id",
                        column: x => x.recipient_user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "tasks",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    organization_id = table.Column<Guid>(type: "uuid", nullable: false),
                    subject_type = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    subject_id = table.Column<Guid>(type: "uuid", nullable: false),
                    title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    description = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    assignee_user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    due_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    remind_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    done_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    done_by = table.Column<Guid>(type: "uuid", nullable: true),
                    created_by = table.Column<Guid>(type: "uuid", nullable: true),
                    reminder_sent_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    deleted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_tasks", x => x.id);
                    table.CheckConstraint("ck_tasks_remind_not_after_due", "remind_at IS NULL OR remind_at <= due_at");
                    table.ForeignKey(
                        name: "fk_tasks_organizations_organization_id",
                        column: x => x.organization_id,
                        principalTable: "organizations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_tasks_users_assignee_user_id",
                        column: x => x.assignee_user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.InsertData(
                table: "role_permissions",
                columns: new[] { "permission", "role_id" },
                values: new object[,]
                {
                    { "notifications.read", new Guid("0192f0c1-0000-7000-8000-0000000000a1") },
                    { "tasks.delete", new Guid("0192f0c1-0000-7000-8000-0000000000a1") },
                    { "tasks.read.all", new Guid("0192f0c1-0000-7000-8000-0000000000a1") },
                    { "tasks.read.own", new Guid("0192f0c1-0000-7000-8000-0000000000a1") },
                    { "tasks.write", new Guid("0192f0c1-0000-7000-8000-0000000000a1") },
                    { "notifications.read", new Guid("0192f0c1-0000-7000-8000-0000000000a2") },
                    { "tasks.delete", new Guid("0192f0c1-0000-7000-8000-0000000000a2") },
                    { "tasks.read.all", new Guid("0192f0c1-0000-7000-8000-0000000000a2") },
                    { "tasks.read.own", new Guid("0192f0c1-0000-7000-8000-0000000000a2") },
                    { "tasks.write", new Guid("0192f0c1-0000-7000-8000-0000000000a2") },
                    { "notifications.read", new Guid("0192f0c1-0000-7000-8000-0000000000a3") },
                    { "tasks.delete", new Guid("0192f0c1-0000-7000-8000-0000000000a3") },
                    { "tasks.read.own", new Guid("0192f0c1-0000-7000-8000-0000000000a3") },
                    { "tasks.write", new Guid("0192f0c1-0000-7000-8000-0000000000a3") },
                    { "notifications.read", new Guid("0192f0c1-0000-7000-8000-0000000000a4") },
                    { "tasks.delete", new Guid("0192f0c1-0000-7000-8000-0000000000a4") },
                    { "tasks.read.own", new Guid("0192f0c1-0000-7000-8000-0000000000a4") },
                    { "tasks.write", new Guid("0192f0c1-0000-7000-8000-0000000000a4") },
                    { "notifications.read", new Guid("0192f0c1-0000-7000-8000-0000000000a5") },
                    { "tasks.read.own", new Guid("0192f0c1-0000-7000-8000-0000000000a5") }
                });

            migrationBuilder.CreateIndex(
                name: "ix_notifications_organization_id",
                table: "notifications",
                column: "organization_id");

            migrationBuilder.CreateIndex(
                name: "ix_notifications_recipient_user_id_created_at_id",
                table: "notifications",
                columns: new[] { "recipient_user_id", "created_at", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_notifications_unread",
                table: "notifications",
                column: "recipient_user_id",
                filter: "read_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_tasks_assignee_user_id_due_at",
                table: "tasks",
                columns: new[] { "assignee_user_id", "due_at" },
                filter: "deleted_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_tasks_created_at_id",
                table: "tasks",
                columns: new[] { "created_at", "id" },
                filter: "deleted_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_tasks_due_at_id",
                table: "tasks",
                columns: new[] { "due_at", "id" },
                filter: "deleted_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_tasks_organization_id_due_at_id",
                table: "tasks",
                columns: new[] { "organization_id", "due_at", "id" },
                filter: "deleted_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_tasks_pending_reminders",
                table: "tasks",
                columns: new[] { "remind_at", "due_at" },
                filter: "reminder_sent_at IS NULL AND done_at IS NULL AND deleted_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_tasks_subject_type_subject_id",
                table: "tasks",
                columns: new[] { "subject_type", "subject_id" },
                filter: "deleted_at IS NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "notifications");

            migrationBuilder.DropTable(
                name: "tasks");

            migrationBuilder.DeleteData(
                table: "role_permissions",
                keyColumns: new[] { "permission", "role_id" },
                keyValues: new object[] { "notifications.read", new Guid("0192f0c1-0000-7000-8000-0000000000a1") });

            migrationBuilder.DeleteData(
                table: "role_permissions",
                keyColumns: new[] { "permission", "role_id" },
                keyValues: new object[] { "tasks.delete", new Guid("0192f0c1-0000-7000-8000-0000000000a1") });

            migrationBuilder.DeleteData(
                table: "role_permissions",
                keyColumns: new[] { "permission", "role_id" },
                keyValues: new object[] { "tasks.read.all", new Guid("0192f0c1-0000-7000-8000-0000000000a1") });

            migrationBuilder.DeleteData(
                table: "role_permissions",
                keyColumns: new[] { "permission", "role_id" },
                keyValues: new object[] { "tasks.read.own", new Guid("0192f0c1-0000-7000-8000-0000000000a1") });

            migrationBuilder.DeleteData(
                table: "role_permissions",
                keyColumns: new[] { "permission", "role_id" },
                keyValues: new object[] { "tasks.write", new Guid("0192f0c1-0000-7000-8000-0000000000a1") });

            migrationBuilder.DeleteData(
                table: "role_permissions",
                keyColumns: new[] { "permission", "role_id" },
                keyValues: new object[] { "notifications.read", new Guid("0192f0c1-0000-7000-8000-0000000000a2") });

            migrationBuilder.DeleteData(
                table: "role_permissions",
                keyColumns: new[] { "permission", "role_id" },
                keyValues: new object[] { "tasks.delete", new Guid("0192f0c1-0000-7000-8000-0000000000a2") });

            migrationBuilder.DeleteData(
                table: "role_permissions",
                keyColumns: new[] { "permission", "role_id" },
                keyValues: new object[] { "tasks.read.all", new Guid("0192f0c1-0000-7000-8000-0000000000a2") });

            migrationBuilder.DeleteData(
                table: "role_permissions",
                keyColumns: new[] { "permission", "role_id" },
                keyValues: new object[] { "tasks.read.own", new Guid("0192f0c1-0000-7000-8000-0000000000a2") });

            migrationBuilder.DeleteData(
                table: "role_permissions",
                keyColumns: new[] { "permission", "role_id" },
                keyValues: new object[] { "tasks.write", new Guid("0192f0c1-0000-7000-8000-0000000000a2") });

            migrationBuilder.DeleteData(
                table: "role_permissions",
                keyColumns: new[] { "permission", "role_id" },
                keyValues: new object[] { "notifications.read", new Guid("0192f0c1-0000-7000-8000-0000000000a3") });

            migrationBuilder.DeleteData(
                table: "role_permissions",
                keyColumns: new[] { "permission", "role_id" },
                keyValues: new object[] { "tasks.delete", new Guid("0192f0c1-0000-7000-8000-0000000000a3") });

            migrationBuilder.DeleteData(
                table: "role_permissions",
                keyColumns: new[] { "permission", "role_id" },
                keyValues: new object[] { "tasks.read.own", new Guid("0192f0c1-0000-7000-8000-0000000000a3") });

            migrationBuilder.DeleteData(
                table: "role_permissions",
                keyColumns: new[] { "permission", "role_id" },
                keyValues: new object[] { "tasks.write", new Guid("0192f0c1-0000-7000-8000-0000000000a3") });

            migrationBuilder.DeleteData(
                table: "role_permissions",
                keyColumns: new[] { "permission", "role_id" },
                keyValues: new object[] { "notifications.read", new Guid("0192f0c1-0000-7000-8000-0000000000a4") });

            migrationBuilder.DeleteData(
                table: "role_permissions",
                keyColumns: new[] { "permission", "role_id" },
                keyValues: new object[] { "tasks.delete", new Guid("0192f0c1-0000-7000-8000-0000000000a4") });

            migrationBuilder.DeleteData(
                table: "role_permissions",
                keyColumns: new[] { "permission", "role_id" },
                keyValues: new object[] { "tasks.read.own", new Guid("0192f0c1-0000-7000-8000-0000000000a4") });

            migrationBuilder.DeleteData(
                table: "role_permissions",
                keyColumns: new[] { "permission", "role_id" },
                keyValues: new object[] { "tasks.write", new Guid("0192f0c1-0000-7000-8000-0000000000a4") });

            migrationBuilder.DeleteData(
                table: "role_permissions",
                keyColumns: new[] { "permission", "role_id" },
                keyValues: new object[] { "notifications.read", new Guid("0192f0c1-0000-7000-8000-0000000000a5") });

            migrationBuilder.DeleteData(
                table: "role_permissions",
                keyColumns: new[] { "permission", "role_id" },
                keyValues: new object[] { "tasks.read.own", new Guid("0192f0c1-0000-7000-8000-0000000000a5") });
        }
    }
}
