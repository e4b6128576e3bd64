using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MakCrm.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class CustomFieldValues : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The indexes are built concurrently, outside the migration's transaction, as on any table with data
            // (docs/operations.md); the model describes them as IsCreatedConcurrently.
            migrationBuilder.AddColumn<string>(
                name: "custom_fields",
                table: "leads",
                type: "jsonb",
                nullable: false,
                defaultValue: "{}");

            migrationBuilder.AddColumn<string>(
                name: "custom_fields",
                table: "deals",
                type: "jsonb",
                nullable: false,
                defaultValue: "{}");

            migrationBuilder.AddColumn<string>(
                name: "custom_fields",
                table: "clients",
                type: "jsonb",
                nullable: false,
                defaultValue: "{}");

            migrationBuilder.Sql(
                "CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_leads_custom_fields ON leads "
                    + "USING gin (custom_fields jsonb_path_ops) WHERE deleted_at IS NULL;",
                suppressTransaction: true
            );

            migrationBuilder.Sql(
                "CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_deals_custom_fields ON deals "
                    + "USING gin (custom_fields jsonb_path_ops) WHERE deleted_at IS NULL;",
                suppressTransaction: true
            );

            migrationBuilder.Sql(
                "CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_clients_custom_fields ON clients "
                    + "USING gin (custom_fields jsonb_path_ops) WHERE deleted_at IS NULL;",
                suppressTransaction: true
            );
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_leads_custom_fields",
                table: "leads");

            migrationBuilder.DropIndex(
                name: "ix_deals_custom_fields",
                table: "deals");

            migrationBuilder.DropIndex(
                name: "ix_clients_custom_fields",
                table: "clients");

            migrationBuilder.DropColumn(
                name: "custom_fields",
                table: "leads");

            migrationBuilder.DropColumn(
                name: "custom_fields",
                table: "deals");

            migrationBuilder.DropColumn(
                name: "custom_fields",
                table: "clients");
        }
    }
}
