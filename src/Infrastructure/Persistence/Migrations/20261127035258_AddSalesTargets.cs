using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

#pragma warning disable CA1814 // Prefer jagged arrays over multidimensional

namespace MakCrm.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class AddSalesTargets : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "sales_targets",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    organization_id = table.Column<Guid>(type: "uuid", nullable: false),
                    user_id = table.Column<Guid>(type: "uuid", nullable: true),
                    month = table.Column<DateOnly>(type: "date", nullable: false),
                    amount = table.Column<decimal>(type: "numeric(14,2)", precision: 14, scale: 2, nullable: false),
                    deals = table.Column<int>(type: "integer", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    deleted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_sales_targets", x => x.id);
                    table.CheckConstraint("ck_sales_targets_amount", "amount > 0 AND amount <= 10000000000");
                    table.CheckConstraint("ck_sales_targets_deals", "deals BETWEEN 1 AND 100000");
                    table.CheckConstraint("ck_sales_targets_month", "date_part('day', month) = 1");
                    table.ForeignKey(
                        name: "fk_sales_targets_organizations_organization_id",
                        column: x => x.organization_id,
                        principalTable: "organizations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_sales_targets_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.InsertData(
                table: "role_permissions",
                columns: new[] { "permission", "role_id" },
                values: new object[,]
                {
                    { "sales_targets.manage.all", new Guid("0192f0c1-0000-7000-8000-0000000000a1") },
                    { "sales_targets.manage.own", new Guid("0192f0c1-0000-7000-8000-0000000000a1") },
                    { "sales_targets.manage.all", new Guid("0192f0c1-0000-7000-8000-0000000000a2") },
                    { "sales_targets.manage.own", new Guid("0192f0c1-0000-7000-8000-0000000000a3") },
                    { "sales_targets.manage.own", new Guid("0192f0c1-0000-7000-8000-0000000000a4") }
                });

            migrationBuilder.CreateIndex(
                name: "ix_sales_targets_created_at_id",
                table: "sales_targets",
                columns: new[] { "created_at", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_sales_targets_month_id",
                table: "sales_targets",
                columns: new[] { "month", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_sales_targets_organization_id_user_id_month",
                table: "sales_targets",
                columns: new[] { "organization_id", "user_id", "month" },
                unique: true,
                filter: "deleted_at IS NULL")
                .Annotation("Npgsql:NullsDistinct", false);

            migrationBuilder.CreateIndex(
                name: "ix_sales_targets_user_id_month",
                table: "sales_targets",
                columns: new[] { "user_id", "month" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "sales_targets");

            migrationBuilder.DeleteData(
                table: "role_permissions",
                keyColumns: new[] { "permission", "role_id" },
                keyValues: new object[]
                {
                    "sales_targets.manage.all", new Guid("0192f0c1-0000-7000-8000-0000000000a1")
                });

            migrationBuilder.DeleteData(
                table: "role_permissions",
                keyColumns: new[] { "permission", "role_id" },
                keyValues: new object[]
                {
                    "sales_targets.manage.own", new Guid("0192f0c1-0000-7000-8000-0000000000a1")
                });

            migrationBuilder.DeleteData(
                table: "role_permissions",
                keyColumns: new[] { "permission", "role_id" },
                keyValues: new object[]
                {
                    "sales_targets.manage.all", new Guid("0192f0c1-0000-7000-8000-0000000000a2")
                });

            migrationBuilder.DeleteData(
                table: "role_permissions",
                keyColumns: new[] { "permission", "role_id" },
                keyValues: new object[]
                {
                    "sales_targets.manage.own", new Guid("0192f0c1-0000-7000-8000-0000000000a3")
                });

            migrationBuilder.DeleteData(
                table: "role_permissions",
                keyColumns: new[] { "permission", "role_id" },
                keyValues: new object[]
                {
                    "sales_targets.manage.own", new Guid("0192f0c1-0000-7000-8000-0000000000a4")
                });
        }
    }
}
