using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MakCrm.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class IdempotencyKeysCommitWithTheChange : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // A key is now written in its change's transaction and commits answered: a claim still running or answered
            // nowhere (its answer lost) has no such row to become.
            migrationBuilder.Sql("DELETE FROM idempotency_requests WHERE state <> 'completed'");

            migrationBuilder.DropCheckConstraint(
                name: "ck_idempotency_requests_answer",
                table: "idempotency_requests");

            migrationBuilder.DropCheckConstraint(
                name: "ck_idempotency_requests_state",
                table: "idempotency_requests");

            migrationBuilder.DropColumn(
                name: "claim",
                table: "idempotency_requests");

            migrationBuilder.DropColumn(
                name: "locked_until",
                table: "idempotency_requests");

            migrationBuilder.DropColumn(
                name: "state",
                table: "idempotency_requests");

            migrationBuilder.AddColumn<string>(
                name: "response_reference",
                table: "idempotency_requests",
                type: "jsonb",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // Answers stored as references (the bid's) have no place in the earlier schema.
            migrationBuilder.Sql("DELETE FROM idempotency_requests WHERE response_status IS NULL");

            migrationBuilder.DropColumn(
                name: "response_reference",
                table: "idempotency_requests");

            migrationBuilder.AddColumn<Guid>(
                name: "claim",
                table: "idempotency_requests",
                type: "uuid",
                nullable: false,
                defaultValue: new Guid("00000000-0000-0000-0000-000000000000"));

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "locked_until",
                table: "idempotency_requests",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "state",
                table: "idempotency_requests",
                type: "character varying(16)",
                maxLength: 16,
                nullable: false,
                defaultValue: "completed");

            migrationBuilder.AddCheckConstraint(
                name: "ck_idempotency_requests_answer",
                table: "idempotency_requests",
                sql: "(state = 'completed') = (response_status IS NOT NULL)");

            migrationBuilder.AddCheckConstraint(
                name: "ck_idempotency_requests_state",
                table: "idempotency_requests",
                sql: "state IN ('running', 'committed', 'completed')");
        }
    }
}
