using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MakCrm.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class CatchUpIndexesOnUpdatedAt : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "ix_leads_organization_id_updated_at_id",
                table: "leads",
                columns: new[] { "organization_id", "updated_at", "id" },
                filter: "deleted_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_deals_organization_id_updated_at_id",
                table: "deals",
                columns: new[] { "organization_id", "updated_at", "id" },
                filter: "deleted_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_clients_organization_id_updated_at_id",
                table: "clients",
                columns: new[] { "organization_id", "updated_at", "id" },
                filter: "deleted_at IS NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_leads_organization_id_updated_at_id",
                table: "leads");

            migrationBuilder.DropIndex(
                name: "ix_deals_organization_id_updated_at_id",
                table: "deals");

            migrationBuilder.DropIndex(
                name: "ix_clients_organization_id_updated_at_id",
                table: "clients");
        }
    }
}
