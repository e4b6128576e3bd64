using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

#pragma warning disable CA1814 // Prefer jagged arrays over multidimensional

namespace MakCrm.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class AddBorrowerChecks : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "borrower_check_policies",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    required_before_auction = table.Column<string[]>(type: "text[]", nullable: false),
                    valid_days = table.Column<int>(type: "integer", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    deleted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_borrower_check_policies", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "borrower_checks",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    organization_id = table.Column<Guid>(type: "uuid", nullable: false),
                    client_id = table.Column<Guid>(type: "uuid", nullable: false),
                    kind = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    provider = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    outcome = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    reason = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    missing = table.Column<string[]>(type: "text[]", nullable: false),
                    detail = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    matches = table.Column<string>(type: "jsonb", nullable: false),
                    list_version = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    consent_id = table.Column<Guid>(type: "uuid", nullable: false),
                    request_hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    cached = table.Column<bool>(type: "boolean", nullable: false),
                    requested_by = table.Column<Guid>(type: "uuid", nullable: true),
                    requested_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    completed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    provider_task = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    next_poll_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    deleted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_borrower_checks", x => x.id);
                    table.ForeignKey(
                        name: "fk_borrower_checks_clients_client_id",
                        column: x => x.client_id,
                        principalTable: "clients",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_borrower_checks_consents_consent_id",
                        column: x => x.consent_id,
                        principalTable: "consents",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_borrower_checks_organizations_organization_id",
                        column: x => x.organization_id,
                        principalTable: "organizations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "sanctions_lists",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    list_version = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    entries = table.Column<int>(type: "integer", nullable: false),
                    imported_by = table.Column<Guid>(type: "uuid", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    deleted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_sanctions_lists", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "sanctions_entries",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    list_id = table.Column<Guid>(type: "uuid", nullable: false),
                    full_name = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    normalized_name = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    birth_date = table.Column<DateOnly>(type: "date", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_sanctions_entries", x => x.id);
                    table.ForeignKey(
                        name: "fk_sanctions_entries_sanctions_lists_list_id",
                        column: x => x.list_id,
                        principalTable: "sanctions_lists",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.InsertData(
                table: "role_permissions",
                columns: new[] { "permission", "role_id" },
                values: new object[,]
                {
                    { "borrower_checks.manage", new Guid("0192f0c1-0000-7000-8000-0000000000a1") },
                    { "borrower_checks.read.all", new Guid("0192f0c1-0000-7000-8000-0000000000a1") },
                    { "borrower_checks.read.own", new Guid("0192f0c1-0000-7000-8000-0000000000a1") },
                    { "borrower_checks.run", new Guid("0192f0c1-0000-7000-8000-0000000000a1") },
                    { "borrower_checks.read.all", new Guid("0192f0c1-0000-7000-8000-0000000000a2") },
                    { "borrower_checks.run", new Guid("0192f0c1-0000-7000-8000-0000000000a2") },
                    { "borrower_checks.read.own", new Guid("0192f0c1-0000-7000-8000-0000000000a3") },
                    { "borrower_checks.run", new Guid("0192f0c1-0000-7000-8000-0000000000a3") },
                    { "borrower_checks.read.own", new Guid("0192f0c1-0000-7000-8000-0000000000a4") },
                    { "borrower_checks.run", new Guid("0192f0c1-0000-7000-8000-0000000000a4") }
                });

            migrationBuilder.CreateIndex(
                name: "ix_borrower_checks_client_id_requested_at_id",
                table: "borrower_checks",
                columns: new[] { "client_id", "requested_at", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_borrower_checks_consent_id",
                table: "borrower_checks",
                column: "consent_id");

            migrationBuilder.CreateIndex(
                name: "ix_borrower_checks_kind_request_hash_completed_at",
                table: "borrower_checks",
                columns: new[] { "kind", "request_hash", "completed_at" },
                filter: "outcome IN ('clear', 'hit')");

            migrationBuilder.CreateIndex(
                name: "ix_borrower_checks_next_poll_at",
                table: "borrower_checks",
                column: "next_poll_at",
                filter: "status = 'pending'");

            migrationBuilder.CreateIndex(
                name: "ix_borrower_checks_organization_id",
                table: "borrower_checks",
                column: "organization_id");

            migrationBuilder.CreateIndex(
                name: "ix_sanctions_entries_list_id_birth_date",
                table: "sanctions_entries",
                columns: new[] { "list_id", "birth_date" });

            migrationBuilder.CreateIndex(
                name: "ix_sanctions_lists_created_at",
                table: "sanctions_lists",
                column: "created_at");

            migrationBuilder.CreateIndex(
                name: "ix_sanctions_lists_list_version",
                table: "sanctions_lists",
                column: "list_version",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "borrower_check_policies");

            migrationBuilder.DropTable(
                name: "borrower_checks");

            migrationBuilder.DropTable(
                name: "sanctions_entries");

            migrationBuilder.DropTable(
                name: "sanctions_lists");

            migrationBuilder.DeleteData(
                table: "role_permissions",
                keyColumns: new[] { "permission", "role_id" },
                keyValues: new object[] { "borrower_checks.manage", new Guid("0192f0c1-0000-7000-8000-0000000000a1") });

            migrationBuilder.DeleteData(
                table: "role_permissions",
                keyColumns: new[] { "permission", "role_id" },
                keyValues: new object[] { "borrower_checks.read.all", new Guid("0192f0c1-0000-7000-8000-0000000000a1") });

            migrationBuilder.DeleteData(
                table: "role_permissions",
                keyColumns: new[] { "permission", "role_id" },
                keyValues: new object[] { "borrower_checks.read.own", new Guid("0192f0c1-0000-7000-8000-0000000000a1") });

            migrationBuilder.DeleteData(
                table: "role_permissions",
                keyColumns: new[] { "permission", "role_id" },
                keyValues: new object[] { "borrower_checks.run", new Guid("0192f0c1-0000-7000-8000-0000000000a1") });

            migrationBuilder.DeleteData(
                table: "role_permissions",
                keyColumns: new[] { "permission", "role_id" },
                keyValues: new object[] { "borrower_checks.read.all", new Guid("0192f0c1-0000-7000-8000-0000000000a2") });

            migrationBuilder.DeleteData(
                table: "role_permissions",
                keyColumns: new[] { "permission", "role_id" },
                keyValues: new object[] { "borrower_checks.run", new Guid("0192f0c1-0000-7000-8000-0000000000a2") });

            migrationBuilder.DeleteData(
                table: "role_permissions",
                keyColumns: new[] { "permission", "role_id" },
                keyValues: new object[] { "borrower_checks.read.own", new Guid("0192f0c1-0000-7000-8000-0000000000a3") });

            migrationBuilder.DeleteData(
                table: "role_permissions",
                keyColumns: new[] { "permission", "role_id" },
                keyValues: new object[] { "borrower_checks.run", new Guid("0192f0c1-0000-7000-8000-0000000000a3") });

            migrationBuilder.DeleteData(
                table: "role_permissions",
                keyColumns: new[] { "permission", "role_id" },
                keyValues: new object[] { "borrower_checks.read.own", new Guid("0192f0c1-0000-7000-8000-0000000000a4") });

            migrationBuilder.DeleteData(
                table: "role_permissions",
                keyColumns: new[] { "permission", "role_id" },
                keyValues: new object[] { "borrower_checks.run", new Guid("0192f0c1-0000-7000-8000-0000000000a4") });
        }
    }
}
