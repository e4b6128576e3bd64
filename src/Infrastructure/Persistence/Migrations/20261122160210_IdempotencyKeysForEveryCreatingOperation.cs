using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MakCrm.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class IdempotencyKeysForEveryCreatingOperation : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_bids_caller_idempotency_key",
                table: "bids");

            migrationBuilder.DropColumn(
                name: "caller",
                table: "bids");

            migrationBuilder.DropColumn(
                name: "idempotency_key",
                table: "bids");

            migrationBuilder.DropColumn(
                name: "request_fingerprint",
                table: "bids");

            migrationBuilder.CreateTable(
                name: "idempotency_requests",
                columns: table => new
                {
                    scope = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    key = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    request_hash = table.Column<byte[]>(type: "bytea", nullable: false),
                    state = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    claim = table.Column<Guid>(type: "uuid", nullable: false),
                    locked_until = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    response_status = table.Column<int>(type: "integer", nullable: true),
                    response_headers = table.Column<string>(type: "jsonb", nullable: true),
                    response_body = table.Column<byte[]>(type: "bytea", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_idempotency_requests", x => new { x.scope, x.key });
                    table.CheckConstraint("ck_idempotency_requests_answer", "(state = 'completed') = (response_status IS NOT NULL)");
                    table.CheckConstraint("ck_idempotency_requests_state", "state IN ('running', 'committed', 'completed')");
                });

            migrationBuilder.CreateIndex(
                name: "ix_idempotency_requests_created_at",
                table: "idempotency_requests",
                column: "created_at");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "idempotency_requests");

            migrationBuilder.AddColumn<string>(
                name: "caller",
                table: "bids",
                type: "character varying(80)",
                maxLength: 80,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "idempotency_key",
                table: "bids",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "request_fingerprint",
                table: "bids",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_bids_caller_idempotency_key",
                table: "bids",
                columns: new[] { "caller", "idempotency_key" },
                unique: true,
                filter: "idempotency_key IS NOT NULL");
        }
    }
}
