using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

#pragma warning disable CA1814 // Prefer jagged arrays over multidimensional

namespace MakCrm.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class OrganizationRegistration : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "rejection_reason",
                table: "organizations",
                type: "character varying(1000)",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.UpdateData(
                table: "organizations",
                keyColumn: "id",
                keyValue: new Guid("0192f0c1-0000-7000-8000-000000000001"),
                column: "rejection_reason",
                value: null);

            migrationBuilder.InsertData(
                table: "role_permissions",
                columns: new[] { "permission", "role_id" },
                values: new object[,]
                {
                    { "organizations.manage", new Guid("0192f0c1-0000-7000-8000-0000000000a1") },
                    { "organizations.manage", new Guid("0192f0c1-0000-7000-8000-0000000000a2") }
                });

            migrationBuilder.CreateIndex(
                name: "ix_organizations_status_created_at",
                table: "organizations",
                columns: new[] { "status", "created_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_organizations_status_created_at",
                table: "organizations");

            migrationBuilder.DeleteData(
                table: "role_permissions",
                keyColumns: new[] { "permission", "role_id" },
                keyValues: new object[] { "organizations.manage", new Guid("0192f0c1-0000-7000-8000-0000000000a1") });

            migrationBuilder.DeleteData(
                table: "role_permissions",
                keyColumns: new[] { "permission", "role_id" },
                keyValues: new object[] { "organizations.manage", new Guid("0192f0c1-0000-7000-8000-0000000000a2") });

            migrationBuilder.DropColumn(
                name: "rejection_reason",
                table: "organizations");
        }
    }
}
