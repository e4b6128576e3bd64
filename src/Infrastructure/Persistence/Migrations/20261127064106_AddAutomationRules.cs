using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

#pragma warning disable CA1814 // Prefer jagged arrays over multidimensional

namespace MakCrm.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class AddAutomationRules : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "automation_cursor",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false),
                    last_sequence = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_automation_cursor", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "automation_event_depths",
                columns: table => new
                {
                    event_id = table.Column<Guid>(type: "uuid", nullable: false),
                    depth = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_automation_event_depths", x => x.event_id);
                });

            migrationBuilder.CreateTable(
                name: "automation_rules",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    organization_id = table.Column<Guid>(type: "uuid", nullable: false),
                    network = table.Column<bool>(type: "boolean", nullable: false),
                    name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    position = table.Column<int>(type: "integer", nullable: false),
                    enabled = table.Column<bool>(type: "boolean", nullable: false),
                    trigger = table.Column<string>(type: "jsonb", nullable: false),
                    trigger_type = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    condition = table.Column<string>(type: "jsonb", nullable: true),
                    actions = table.Column<string>(type: "jsonb", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    deleted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_automation_rules", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "automation_runs",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    rule_id = table.Column<Guid>(type: "uuid", nullable: false),
                    occurrence = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: false),
                    event_id = table.Column<Guid>(type: "uuid", nullable: true),
                    event_type = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    subject_type = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    subject_id = table.Column<Guid>(type: "uuid", nullable: false),
                    organization_id = table.Column<Guid>(type: "uuid", nullable: false),
                    depth = table.Column<int>(type: "integer", nullable: false),
                    outcome = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    error = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    actions_run = table.Column<int>(type: "integer", nullable: false),
                    ran_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_automation_runs", x => x.id);
                    table.ForeignKey(
                        name: "fk_automation_runs_automation_rules_rule_id",
                        column: x => x.rule_id,
                        principalTable: "automation_rules",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.InsertData(
                table: "role_permissions",
                columns: new[] { "permission", "role_id" },
                values: new object[,]
                {
                    { "automation_rules.manage", new Guid("0192f0c1-0000-7000-8000-0000000000a1") },
                    { "automation_rules.read.all", new Guid("0192f0c1-0000-7000-8000-0000000000a1") },
                    { "automation_rules.read.own", new Guid("0192f0c1-0000-7000-8000-0000000000a1") },
                    { "automation_rules.read.all", new Guid("0192f0c1-0000-7000-8000-0000000000a2") },
                    { "automation_rules.manage", new Guid("0192f0c1-0000-7000-8000-0000000000a3") },
                    { "automation_rules.read.own", new Guid("0192f0c1-0000-7000-8000-0000000000a3") },
                    { "automation_rules.manage", new Guid("0192f0c1-0000-7000-8000-0000000000a4") },
                    { "automation_rules.read.own", new Guid("0192f0c1-0000-7000-8000-0000000000a4") }
                });

            migrationBuilder.CreateIndex(
                name: "ix_automation_rules_organization_id_position_id",
                table: "automation_rules",
                columns: new[] { "organization_id", "position", "id" },
                filter: "deleted_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_automation_rules_trigger_type_position",
                table: "automation_rules",
                columns: new[] { "trigger_type", "position" },
                filter: "deleted_at IS NULL AND enabled");

            migrationBuilder.CreateIndex(
                name: "ix_automation_runs_ran_at_id",
                table: "automation_runs",
                columns: new[] { "ran_at", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_automation_runs_rule_id_occurrence",
                table: "automation_runs",
                columns: new[] { "rule_id", "occurrence" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_automation_runs_subject_id",
                table: "automation_runs",
                column: "subject_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "automation_cursor");

            migrationBuilder.DropTable(
                name: "automation_event_depths");

            migrationBuilder.DropTable(
                name: "automation_runs");

            migrationBuilder.DropTable(
                name: "automation_rules");

            migrationBuilder.DeleteData(
                table: "role_permissions",
                keyColumns: new[] { "permission", "role_id" },
                keyValues: new object[] { "automation_rules.manage", new Guid("0192f0c1-0000-7000-8000-0000000000a1") });

            migrationBuilder.DeleteData(
                table: "role_permissions",
                keyColumns: new[] { "permission", "role_id" },
                keyValues: new object[] { "automation_rules.read.all", new Guid("0192f0c1-0000-7000-8000-0000000000a1") });

            migrationBuilder.DeleteData(
                table: "role_permissions",
                keyColumns: new[] { "permission", "role_id" },
                keyValues: new object[] { "automation_rules.read.own", new Guid("0192f0c1-0000-7000-8000-0000000000a1") });

            migrationBuilder.DeleteData(
                table: "role_permissions",
                keyColumns: new[] { "permission", "role_id" },
                keyValues: new object[] { "automation_rules.read.all", new Guid("0192f0c1-0000-7000-8000-0000000000a2") });

            migrationBuilder.DeleteData(
                table: "role_permissions",
                keyColumns: new[] { "permission", "role_id" },
                keyValues: new object[] { "automation_rules.manage", new Guid("0192f0c1-0000-7000-8000-0000000000a3") });

            migrationBuilder.DeleteData(
                table: "role_permissions",
                keyColumns: new[] { "permission", "role_id" },
                keyValues: new object[] { "automation_rules.read.own", new Guid("0192f0c1-0000-7000-8000-0000000000a3") });

            migrationBuilder.DeleteData(
                table: "role_permissions",
                keyColumns: new[] { "permission", "role_id" },
                keyValues: new object[] { "automation_rules.manage", new Guid("0192f0c1-0000-7000-8000-0000000000a4") });

            migrationBuilder.DeleteData(
                table: "role_permissions",
                keyColumns: new[] { "permission", "role_id" },
                keyValues: new object[] { "automation_rules.read.own", new Guid("0192f0c1-0000-7000-8000-0000000000a4") });
        }
    }
}
