using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MakCrm.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class OrganizationsReferrer : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "referrer_organization_id",
                table: "organizations",
                type: "uuid",
                nullable: true);

            migrationBuilder.UpdateData(
                table: "organizations",
                keyColumn: "id",
                keyValue: new Guid("0192f0c1-0000-7000-8000-000000000001"),
                column: "referrer_organization_id",
                value: null);

            migrationBuilder.CreateIndex(
                name: "ix_organizations_referrer_organization_id",
                table: "organizations",
                column: "referrer_organization_id",
                filter: "referrer_organization_id IS NOT NULL");

            migrationBuilder.AddForeignKey(
                name: "fk_organizations_organizations_referrer_organization_id",
                table: "organizations",
                column: "referrer_organization_id",
                principalTable: "organizations",
                principalColumn: "id",
                onDelete: ReferentialAction.SetNull);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "fk_organizations_organizations_referrer_organization_id",
                table: "organizations");

            migrationBuilder.DropIndex(
                name: "ix_organizations_referrer_organization_id",
                table: "organizations");

            migrationBuilder.DropColumn(
                name: "referrer_organization_id",
                table: "organizations");
        }
    }
}
