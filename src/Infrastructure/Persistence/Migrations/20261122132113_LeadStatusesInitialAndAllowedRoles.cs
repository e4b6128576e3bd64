using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MakCrm.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class LeadStatusesInitialAndAllowedRoles : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string[]>(
                name: "allowed_roles",
                table: "lead_statuses",
                type: "text[]",
                nullable: false,
                defaultValue: new string[0]);

            migrationBuilder.AddColumn<bool>(
                name: "initial",
                table: "lead_statuses",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.UpdateData(
                table: "lead_statuses",
                keyColumn: "id",
                keyValue: new Guid("0192f0c1-0000-7000-8000-000000000501"),
                columns: new[] { "allowed_roles", "initial" },
                values: new object[] { new string[0], true });

            migrationBuilder.UpdateData(
                table: "lead_statuses",
                keyColumn: "id",
                keyValue: new Guid("0192f0c1-0000-7000-8000-000000000502"),
                columns: new[] { "allowed_roles", "initial" },
                values: new object[] { new string[0], true });

            migrationBuilder.UpdateData(
                table: "lead_statuses",
                keyColumn: "id",
                keyValue: new Guid("0192f0c1-0000-7000-8000-000000000503"),
                columns: new[] { "allowed_roles", "initial" },
                values: new object[] { new string[0], true });

            migrationBuilder.UpdateData(
                table: "lead_statuses",
                keyColumn: "id",
                keyValue: new Guid("0192f0c1-0000-7000-8000-000000000504"),
                columns: new[] { "allowed_roles", "initial" },
                values: new object[] { new string[0], true });

            migrationBuilder.UpdateData(
                table: "lead_statuses",
                keyColumn: "id",
                keyValue: new Guid("0192f0c1-0000-7000-8000-000000000505"),
                columns: new[] { "allowed_roles", "initial" },
                values: new object[] { new string[0], true });

            migrationBuilder.UpdateData(
                table: "lead_statuses",
                keyColumn: "id",
                keyValue: new Guid("0192f0c1-0000-7000-8000-000000000506"),
                columns: new[] { "allowed_roles", "initial" },
                values: new object[] { new[] { "admin", "employee" }, true });

            migrationBuilder.UpdateData(
                table: "lead_statuses",
                keyColumn: "id",
                keyValue: new Guid("0192f0c1-0000-7000-8000-000000000507"),
                columns: new[] { "allowed_roles", "initial" },
                values: new object[] { new[] { "admin", "employee" }, true });

            migrationBuilder.UpdateData(
                table: "lead_statuses",
                keyColumn: "id",
                keyValue: new Guid("0192f0c1-0000-7000-8000-000000000508"),
                columns: new[] { "allowed_roles", "initial" },
                values: new object[] { new string[0], true });

            migrationBuilder.UpdateData(
                table: "lead_statuses",
                keyColumn: "id",
                keyValue: new Guid("0192f0c1-0000-7000-8000-000000000509"),
                columns: new[] { "allowed_roles", "initial" },
                values: new object[] { new string[0], true });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "allowed_roles",
                table: "lead_statuses");

            migrationBuilder.DropColumn(
                name: "initial",
                table: "lead_statuses");
        }
    }
}
