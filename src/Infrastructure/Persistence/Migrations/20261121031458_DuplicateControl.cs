using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MakCrm.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class DuplicateControl : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "duplicate_of_lead_id",
                table: "leads",
                type: "uuid",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_leads_duplicate_of_lead_id",
                table: "leads",
                column: "duplicate_of_lead_id");

            migrationBuilder.AddForeignKey(
                name: "fk_leads_leads_duplicate_of_lead_id",
                table: "leads",
                column: "duplicate_of_lead_id",
                principalTable: "leads",
                principalColumn: "id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "fk_leads_leads_duplicate_of_lead_id",
                table: "leads");

            migrationBuilder.DropIndex(
                name: "ix_leads_duplicate_of_lead_id",
                table: "leads");

            migrationBuilder.DropColumn(
                name: "duplicate_of_lead_id",
                table: "leads");
        }
    }
}
