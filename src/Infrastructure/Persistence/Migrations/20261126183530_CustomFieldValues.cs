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
            migrationBuilder.AddColumn<string>(
                name: "custom_fields",
                table: "leads",
                type: "jsonb",
                nullable: false,
                defaultValueSql: "'{}'::jsonb");

            migrationBuilder.AddColumn<string>(
                name: "custom_fields",
                table: "deals",
                type: "jsonb",
                nullable: false,
                defaultValueSql: "'{}'::jsonb");

            migrationBuilder.AddColumn<string>(
                name: "custom_fields",
                table: "clients",
                type: "jsonb",
                nullable: false,
                defaultValueSql: "'{}'::jsonb");

            migrationBuilder.CreateIndex(
                name: "ix_leads_custom_fields",
                table: "leads",
                column: "custom_fields",
                filter: "deleted_at IS NULL")
                .Annotation("Npgsql:IndexMethod", "gin")
                .Annotation("Npgsql:CreatedConcurrently", true)
                .Annotation("Npgsql:IndexOperators", new[] { "jsonb_path_ops" });

            migrationBuilder.CreateIndex(
                name: "ix_deals_custom_fields",
                table: "deals",
                column: "custom_fields",
                filter: "deleted_at IS NULL")
                .Annotation("Npgsql:IndexMethod", "gin")
                .Annotation("Npgsql:CreatedConcurrently", true)
                .Annotation("Npgsql:IndexOperators", new[] { "jsonb_path_ops" });

            migrationBuilder.CreateIndex(
                name: "ix_clients_custom_fields",
                table: "clients",
                column: "custom_fields",
                filter: "deleted_at IS NULL")
                .Annotation("Npgsql:IndexMethod", "gin")
                .Annotation("Npgsql:CreatedConcurrently", true)
                .Annotation("Npgsql:IndexOperators", new[] { "jsonb_path_ops" });
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
