using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

#pragma warning disable CA1814 // Prefer jagged arrays over multidimensional

namespace MakCrm.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class ClientProfile : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "consent_given_at",
                table: "clients",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "consent_text_version",
                table: "clients",
                type: "character varying(50)",
                maxLength: 50,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "consent_withdrawn_at",
                table: "clients",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "processing_method",
                table: "clients",
                type: "character varying(32)",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<string[]>(
                name: "tags",
                table: "clients",
                type: "text[]",
                nullable: false,
                defaultValue: new string[0]);

            migrationBuilder.CreateTable(
                name: "client_sources",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    code = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    position = table.Column<int>(type: "integer", nullable: false),
                    active = table.Column<bool>(type: "boolean", nullable: false),
                    duplicate_policy = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    deleted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_client_sources", x => x.id);
                    table.UniqueConstraint("ak_client_sources_code", x => x.code);
                });

            migrationBuilder.InsertData(
                table: "client_sources",
                columns: new[] { "id", "active", "code", "created_at", "deleted_at", "duplicate_policy", "name", "position", "updated_at", "version" },
                values: new object[,]
                {
                    { new Guid("0192f0c1-0000-7000-8000-0000000000d1"), true, "partner", new DateTimeOffset(new DateTime(2026, 11, 21, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)), null, "link", "Партнёр", 10, new DateTimeOffset(new DateTime(2026, 11, 21, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)), 1 },
                    { new Guid("0192f0c1-0000-7000-8000-0000000000d2"), true, "lead_generation", new DateTimeOffset(new DateTime(2026, 11, 21, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)), null, "link", "Лидогенерация", 20, new DateTimeOffset(new DateTime(2026, 11, 21, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)), 1 },
                    { new Guid("0192f0c1-0000-7000-8000-0000000000d3"), true, "cold_base", new DateTimeOffset(new DateTime(2026, 11, 21, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)), null, "link", "Холодная база", 30, new DateTimeOffset(new DateTime(2026, 11, 21, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)), 1 },
                    { new Guid("0192f0c1-0000-7000-8000-0000000000d4"), true, "external", new DateTimeOffset(new DateTime(2026, 11, 21, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)), null, "link", "Внешний источник", 40, new DateTimeOffset(new DateTime(2026, 11, 21, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)), 1 },
                    { new Guid("0192f0c1-0000-7000-8000-0000000000d5"), true, "purchased_base", new DateTimeOffset(new DateTime(2026, 11, 21, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)), null, "link", "Купленная база", 50, new DateTimeOffset(new DateTime(2026, 11, 21, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)), 1 }
                });

            migrationBuilder.InsertData(
                table: "role_permissions",
                columns: new[] { "permission", "role_id" },
                values: new object[] { "client_sources.manage", new Guid("0192f0c1-0000-7000-8000-0000000000a1") });

            migrationBuilder.CreateIndex(
                name: "ix_clients_source_processing_method",
                table: "clients",
                columns: new[] { "source", "processing_method" },
                filter: "deleted_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_clients_tags",
                table: "clients",
                column: "tags")
                .Annotation("Npgsql:IndexMethod", "gin");

            migrationBuilder.AddCheckConstraint(
                name: "ck_clients_consent_complete",
                table: "clients",
                sql: "(consent_given_at IS NULL) = (consent_text_version IS NULL) AND (consent_withdrawn_at IS NULL OR consent_given_at IS NOT NULL)");

            migrationBuilder.AddForeignKey(
                name: "fk_clients_client_sources_source",
                table: "clients",
                column: "source",
                principalTable: "client_sources",
                principalColumn: "code",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "fk_clients_client_sources_source",
                table: "clients");

            migrationBuilder.DropTable(
                name: "client_sources");

            migrationBuilder.DropIndex(
                name: "ix_clients_source_processing_method",
                table: "clients");

            migrationBuilder.DropIndex(
                name: "ix_clients_tags",
                table: "clients");

            migrationBuilder.DropCheckConstraint(
                name: "ck_clients_consent_complete",
                table: "clients");

            migrationBuilder.DeleteData(
                table: "role_permissions",
                keyColumns: new[] { "permission", "role_id" },
                keyValues: new object[] { "client_sources.manage", new Guid("0192f0c1-0000-7000-8000-0000000000a1") });

            migrationBuilder.DropColumn(
                name: "consent_given_at",
                table: "clients");

            migrationBuilder.DropColumn(
                name: "consent_text_version",
                table: "clients");

            migrationBuilder.DropColumn(
                name: "consent_withdrawn_at",
                table: "clients");

            migrationBuilder.DropColumn(
                name: "processing_method",
                table: "clients");

            migrationBuilder.DropColumn(
                name: "tags",
                table: "clients");
        }
    }
}
