using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

#pragma warning disable CA1814 // Prefer jagged arrays over multidimensional

namespace MakCrm.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class OrganizationOwnersAndPeoplePermissions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "owner_user_id",
                table: "organizations",
                type: "uuid",
                nullable: true);

            // An existing partner or franchisee is owned by its first user: the one who registered it.
            migrationBuilder.Sql("""
                UPDATE organizations o SET owner_user_id = first.id
                FROM (SELECT DISTINCT ON (organization_id) organization_id, id FROM users ORDER BY organization_id, created_at, id) first
                WHERE first.organization_id = o.id AND o.kind <> 'head_office'
                """);

            migrationBuilder.UpdateData(
                table: "organizations",
                keyColumn: "id",
                keyValue: new Guid("0192f0c1-0000-7000-8000-000000000001"),
                column: "owner_user_id",
                value: null);

            migrationBuilder.InsertData(
                table: "role_permissions",
                columns: new[] { "permission", "role_id" },
                values: new object[,]
                {
                    { "organizations.edit.own", new Guid("0192f0c1-0000-7000-8000-0000000000a1") },
                    { "organizations.read.own", new Guid("0192f0c1-0000-7000-8000-0000000000a1") },
                    { "users.manage", new Guid("0192f0c1-0000-7000-8000-0000000000a1") },
                    { "users.manage.own", new Guid("0192f0c1-0000-7000-8000-0000000000a1") },
                    { "users.read.all", new Guid("0192f0c1-0000-7000-8000-0000000000a1") },
                    { "users.read.own", new Guid("0192f0c1-0000-7000-8000-0000000000a1") },
                    { "organizations.read.own", new Guid("0192f0c1-0000-7000-8000-0000000000a2") },
                    { "users.read.all", new Guid("0192f0c1-0000-7000-8000-0000000000a2") },
                    { "organizations.edit.own", new Guid("0192f0c1-0000-7000-8000-0000000000a3") },
                    { "organizations.read.own", new Guid("0192f0c1-0000-7000-8000-0000000000a3") },
                    { "users.manage.own", new Guid("0192f0c1-0000-7000-8000-0000000000a3") },
                    { "users.read.own", new Guid("0192f0c1-0000-7000-8000-0000000000a3") },
                    { "organizations.edit.own", new Guid("0192f0c1-0000-7000-8000-0000000000a4") },
                    { "organizations.read.own", new Guid("0192f0c1-0000-7000-8000-0000000000a4") },
                    { "users.manage.own", new Guid("0192f0c1-0000-7000-8000-0000000000a4") },
                    { "users.read.own", new Guid("0192f0c1-0000-7000-8000-0000000000a4") },
                    { "organizations.read.own", new Guid("0192f0c1-0000-7000-8000-0000000000a5") }
                });

            migrationBuilder.CreateIndex(
                name: "ix_organizations_owner_user_id",
                table: "organizations",
                column: "owner_user_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_organizations_owner_user_id",
                table: "organizations");

            migrationBuilder.DeleteData(
                table: "role_permissions",
                keyColumns: new[] { "permission", "role_id" },
                keyValues: new object[] { "organizations.edit.own", new Guid("0192f0c1-0000-7000-8000-0000000000a1") });

            migrationBuilder.DeleteData(
                table: "role_permissions",
                keyColumns: new[] { "permission", "role_id" },
                keyValues: new object[] { "organizations.read.own", new Guid("0192f0c1-0000-7000-8000-0000000000a1") });

            migrationBuilder.DeleteData(
                table: "role_permissions",
                keyColumns: new[] { "permission", "role_id" },
                keyValues: new object[] { "users.manage", new Guid("0192f0c1-0000-7000-8000-0000000000a1") });

            migrationBuilder.DeleteData(
                table: "role_permissions",
                keyColumns: new[] { "permission", "role_id" },
                keyValues: new object[] { "users.manage.own", new Guid("0192f0c1-0000-7000-8000-0000000000a1") });

            migrationBuilder.DeleteData(
                table: "role_permissions",
                keyColumns: new[] { "permission", "role_id" },
                keyValues: new object[] { "users.read.all", new Guid("0192f0c1-0000-7000-8000-0000000000a1") });

            migrationBuilder.DeleteData(
                table: "role_permissions",
                keyColumns: new[] { "permission", "role_id" },
                keyValues: new object[] { "users.read.own", new Guid("0192f0c1-0000-7000-8000-0000000000a1") });

            migrationBuilder.DeleteData(
                table: "role_permissions",
                keyColumns: new[] { "permission", "role_id" },
                keyValues: new object[] { "organizations.read.own", new Guid("0192f0c1-0000-7000-8000-0000000000a2") });

            migrationBuilder.DeleteData(
                table: "role_permissions",
                keyColumns: new[] { "permission", "role_id" },
                keyValues: new object[] { "users.read.all", new Guid("0192f0c1-0000-7000-8000-0000000000a2") });

            migrationBuilder.DeleteData(
                table: "role_permissions",
                keyColumns: new[] { "permission", "role_id" },
                keyValues: new object[] { "organizations.edit.own", new Guid("0192f0c1-0000-7000-8000-0000000000a3") });

            migrationBuilder.DeleteData(
                table: "role_permissions",
                keyColumns: new[] { "permission", "role_id" },
                keyValues: new object[] { "organizations.read.own", new Guid("0192f0c1-0000-7000-8000-0000000000a3") });

            migrationBuilder.DeleteData(
                table: "role_permissions",
                keyColumns: new[] { "permission", "role_id" },
                keyValues: new object[] { "users.manage.own", new Guid("0192f0c1-0000-7000-8000-0000000000a3") });

            migrationBuilder.DeleteData(
                table: "role_permissions",
                keyColumns: new[] { "permission", "role_id" },
                keyValues: new object[] { "users.read.own", new Guid("0192f0c1-0000-7000-8000-0000000000a3") });

            migrationBuilder.DeleteData(
                table: "role_permissions",
                keyColumns: new[] { "permission", "role_id" },
                keyValues: new object[] { "organizations.edit.own", new Guid("0192f0c1-0000-7000-8000-0000000000a4") });

            migrationBuilder.DeleteData(
                table: "role_permissions",
                keyColumns: new[] { "permission", "role_id" },
                keyValues: new object[] { "organizations.read.own", new Guid("0192f0c1-0000-7000-8000-0000000000a4") });

            migrationBuilder.DeleteData(
                table: "role_permissions",
                keyColumns: new[] { "permission", "role_id" },
                keyValues: new object[] { "users.manage.own", new Guid("0192f0c1-0000-7000-8000-0000000000a4") });

            migrationBuilder.DeleteData(
                table: "role_permissions",
                keyColumns: new[] { "permission", "role_id" },
                keyValues: new object[] { "users.read.own", new Guid("0192f0c1-0000-7000-8000-0000000000a4") });

            migrationBuilder.DeleteData(
                table: "role_permissions",
                keyColumns: new[] { "permission", "role_id" },
                keyValues: new object[] { "organizations.read.own", new Guid("0192f0c1-0000-7000-8000-0000000000a5") });

            migrationBuilder.DropColumn(
                name: "owner_user_id",
                table: "organizations");
        }
    }
}
