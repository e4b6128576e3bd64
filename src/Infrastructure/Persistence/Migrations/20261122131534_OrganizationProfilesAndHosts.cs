using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MakCrm.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class OrganizationProfilesAndHosts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "bank_name",
                table: "organizations",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "bik",
                table: "organizations",
                type: "character varying(9)",
                maxLength: 9,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "correspondent_account",
                table: "organizations",
                type: "character varying(20)",
                maxLength: 20,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "kpp",
                table: "organizations",
                type: "character varying(9)",
                maxLength: 9,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "legal_address",
                table: "organizations",
                type: "character varying(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "legal_name",
                table: "organizations",
                type: "character varying(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "logo_url",
                table: "organizations",
                type: "character varying(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ogrn",
                table: "organizations",
                type: "character varying(15)",
                maxLength: 15,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "postal_address",
                table: "organizations",
                type: "character varying(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "settlement_account",
                table: "organizations",
                type: "character varying(20)",
                maxLength: 20,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "signatory_basis",
                table: "organizations",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "signatory_name",
                table: "organizations",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "signatory_position",
                table: "organizations",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "tax_regime",
                table: "organizations",
                type: "character varying(32)",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "website",
                table: "organizations",
                type: "character varying(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "organization_hosts",
                columns: table => new
                {
                    host = table.Column<string>(type: "character varying(253)", maxLength: 253, nullable: false),
                    organization_id = table.Column<Guid>(type: "uuid", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_organization_hosts", x => x.host);
                    table.ForeignKey(
                        name: "fk_organization_hosts_organizations_organization_id",
                        column: x => x.organization_id,
                        principalTable: "organizations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.UpdateData(
                table: "organizations",
                keyColumn: "id",
                keyValue: new Guid("0192f0c1-0000-7000-8000-000000000001"),
                columns: new[] { "bank_name", "bik", "correspondent_account", "kpp", "legal_address", "legal_name", "logo_url", "ogrn", "postal_address", "settlement_account", "signatory_basis", "signatory_name", "signatory_position", "tax_regime", "website" },
                values: new object[] { null, null, null, null, null, null, null, null, null, null, null, null, null, null, null });

            migrationBuilder.CreateIndex(
                name: "ix_organizations_deleted_at",
                table: "organizations",
                column: "deleted_at",
                filter: "deleted_at IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_organizations_inn",
                table: "organizations",
                column: "inn");

            migrationBuilder.CreateIndex(
                name: "ix_organization_hosts_organization_id",
                table: "organization_hosts",
                column: "organization_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "organization_hosts");

            migrationBuilder.DropIndex(
                name: "ix_organizations_deleted_at",
                table: "organizations");

            migrationBuilder.DropIndex(
                name: "ix_organizations_inn",
                table: "organizations");

            migrationBuilder.DropColumn(
                name: "bank_name",
                table: "organizations");

            migrationBuilder.DropColumn(
                name: "bik",
                table: "organizations");

            migrationBuilder.DropColumn(
                name: "correspondent_account",
                table: "organizations");

            migrationBuilder.DropColumn(
                name: "kpp",
                table: "organizations");

            migrationBuilder.DropColumn(
                name: "legal_address",
                table: "organizations");

            migrationBuilder.DropColumn(
                name: "legal_name",
                table: "organizations");

            migrationBuilder.DropColumn(
                name: "logo_url",
                table: "organizations");

            migrationBuilder.DropColumn(
                name: "ogrn",
                table: "organizations");

            migrationBuilder.DropColumn(
                name: "postal_address",
                table: "organizations");

            migrationBuilder.DropColumn(
                name: "settlement_account",
                table: "organizations");

            migrationBuilder.DropColumn(
                name: "signatory_basis",
                table: "organizations");

            migrationBuilder.DropColumn(
                name: "signatory_name",
                table: "organizations");

            migrationBuilder.DropColumn(
                name: "signatory_position",
                table: "organizations");

            migrationBuilder.DropColumn(
                name: "tax_regime",
                table: "organizations");

            migrationBuilder.DropColumn(
                name: "website",
                table: "organizations");
        }
    }
}
