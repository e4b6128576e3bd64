using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MakCrm.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class LeadsAndClientsCarryIntegratorReferencesAttributionAndMetadata : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterColumn<decimal>(
                name: "requested_amount",
                table: "leads",
                type: "numeric(14,2)",
                precision: 14,
                scale: 2,
                nullable: true,
                oldClrType: typeof(decimal),
                oldType: "numeric(14,2)",
                oldPrecision: 14,
                oldScale: 2);

            migrationBuilder.AlterColumn<string>(
                name: "product",
                table: "leads",
                type: "character varying(32)",
                maxLength: 32,
                nullable: true,
                oldClrType: typeof(string),
                oldType: "character varying(32)",
                oldMaxLength: 32);

            migrationBuilder.AddColumn<string>(
                name: "attribution",
                table: "leads",
                type: "jsonb",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "consent_given_at",
                table: "leads",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "consent_text_version",
                table: "leads",
                type: "character varying(50)",
                maxLength: 50,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "external_ref",
                table: "leads",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "external_ref_owner",
                table: "leads",
                type: "character varying(300)",
                maxLength: 300,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "metadata",
                table: "leads",
                type: "jsonb",
                nullable: false,
                defaultValueSql: "'{}'::jsonb");

            migrationBuilder.AddColumn<string>(
                name: "attribution",
                table: "clients",
                type: "jsonb",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "external_ref",
                table: "clients",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "external_ref_owner",
                table: "clients",
                type: "character varying(300)",
                maxLength: 300,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "metadata",
                table: "clients",
                type: "jsonb",
                nullable: false,
                defaultValueSql: "'{}'::jsonb");

            migrationBuilder.CreateIndex(
                name: "ix_leads_organization_id_external_ref_owner_external_ref",
                table: "leads",
                columns: new[] { "organization_id", "external_ref_owner", "external_ref" },
                unique: true,
                filter: "external_ref IS NOT NULL AND deleted_at IS NULL");

            migrationBuilder.AddCheckConstraint(
                name: "ck_leads_consent_complete",
                table: "leads",
                sql: "(consent_given_at IS NULL) = (consent_text_version IS NULL)");

            migrationBuilder.CreateIndex(
                name: "ix_clients_organization_id_external_ref_owner_external_ref",
                table: "clients",
                columns: new[] { "organization_id", "external_ref_owner", "external_ref" },
                unique: true,
                filter: "external_ref IS NOT NULL AND deleted_at IS NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_leads_organization_id_external_ref_owner_external_ref",
                table: "leads");

            migrationBuilder.DropCheckConstraint(
                name: "ck_leads_consent_complete",
                table: "leads");

            migrationBuilder.DropIndex(
                name: "ix_clients_organization_id_external_ref_owner_external_ref",
                table: "clients");

            migrationBuilder.DropColumn(
                name: "attribution",
                table: "leads");

            migrationBuilder.DropColumn(
                name: "consent_given_at",
                table: "leads");

            migrationBuilder.DropColumn(
                name: "consent_text_version",
                table: "leads");

            migrationBuilder.DropColumn(
                name: "external_ref",
                table: "leads");

            migrationBuilder.DropColumn(
                name: "external_ref_owner",
                table: "leads");

            migrationBuilder.DropColumn(
                name: "metadata",
                table: "leads");

            migrationBuilder.DropColumn(
                name: "attribution",
                table: "clients");

            migrationBuilder.DropColumn(
                name: "external_ref",
                table: "clients");

            migrationBuilder.DropColumn(
                name: "external_ref_owner",
                table: "clients");

            migrationBuilder.DropColumn(
                name: "metadata",
                table: "clients");

            migrationBuilder.AlterColumn<decimal>(
                name: "requested_amount",
                table: "leads",
                type: "numeric(14,2)",
                precision: 14,
                scale: 2,
                nullable: false,
                defaultValue: 0m,
                oldClrType: typeof(decimal),
                oldType: "numeric(14,2)",
                oldPrecision: 14,
                oldScale: 2,
                oldNullable: true);

            migrationBuilder.AlterColumn<string>(
                name: "product",
                table: "leads",
                type: "character varying(32)",
                maxLength: 32,
                nullable: false,
                defaultValue: "",
                oldClrType: typeof(string),
                oldType: "character varying(32)",
                oldMaxLength: 32,
                oldNullable: true);
        }
    }
}
