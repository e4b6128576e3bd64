using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MakCrm.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class AmoCrmLeadCreates : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "amocrm_lead_creates",
                columns: table => new
                {
                    account_id = table.Column<long>(type: "bigint", nullable: false),
                    lead_id = table.Column<Guid>(type: "uuid", nullable: false),
                    push_due_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    push_failure = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    push_failure_id = table.Column<Guid>(type: "uuid", nullable: true),
                    push_failed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_amocrm_lead_creates", x => new { x.account_id, x.lead_id });
                });

            migrationBuilder.CreateIndex(
                name: "ix_amocrm_lead_creates_account_id_push_due_at",
                table: "amocrm_lead_creates",
                columns: new[] { "account_id", "push_due_at" },
                filter: "push_due_at IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_amocrm_lead_creates_push_failure_id",
                table: "amocrm_lead_creates",
                column: "push_failure_id",
                unique: true,
                filter: "push_failure_id IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "amocrm_lead_creates");
        }
    }
}
