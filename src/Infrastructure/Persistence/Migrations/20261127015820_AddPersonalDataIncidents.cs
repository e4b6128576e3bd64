using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

#pragma warning disable CA1814 // Prefer jagged arrays over multidimensional

namespace MakCrm.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class AddPersonalDataIncidents : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "personal_data_incidents",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    detected_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    description = table.Column<string>(
                        type: "character varying(4000)", maxLength: 4000, nullable: false),
                    assessment = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    window_from = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    window_to = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    data_kinds = table.Column<List<string>>(type: "text[]", nullable: false),
                    affected_subjects = table.Column<int>(type: "integer", nullable: true),
                    initial_notice_sent_at = table.Column<DateTimeOffset>(
                        type: "timestamp with time zone", nullable: true),
                    follow_up_sent_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    deleted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_personal_data_incidents", x => x.id);
                });

            migrationBuilder.InsertData(
                table: "role_permissions",
                columns: new[] { "permission", "role_id" },
                values: new object[,]
                {
                    { "personal_data_incidents.manage", new Guid("0192f0c1-0000-7000-8000-0000000000a1") },
                    { "personal_data_incidents.read", new Guid("0192f0c1-0000-7000-8000-0000000000a1") }
                });

            migrationBuilder.CreateIndex(
                name: "ix_personal_data_incidents_created_at_id",
                table: "personal_data_incidents",
                columns: new[] { "created_at", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_personal_data_incidents_detected_at_id",
                table: "personal_data_incidents",
                columns: new[] { "detected_at", "id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "personal_data_incidents");

            migrationBuilder.DeleteData(
                table: "role_permissions",
                keyColumns: new[] { "permission", "role_id" },
                keyValues: new object[]
                {
                    "personal_data_incidents.manage", new Guid("0192f0c1-0000-7000-8000-0000000000a1")
                });

            migrationBuilder.DeleteData(
                table: "role_permissions",
                keyColumns: new[] { "permission", "role_id" },
                keyValues: new object[]
                {
                    "personal_data_incidents.read", new Guid("0192f0c1-0000-7000-8000-0000000000a1")
                });
        }
    }
}
