using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

#pragma warning disable CA1814 // Prefer jagged arrays over multidimensional

namespace MakCrm.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class AddCreditProgrammes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "credit_programmes",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    bank_code = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    product = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    rate_min = table.Column<decimal>(type: "numeric(6,3)", precision: 6, scale: 3, nullable: false),
                    rate_max = table.Column<decimal>(type: "numeric(6,3)", precision: 6, scale: 3, nullable: false),
                    amount_min = table.Column<decimal>(type: "numeric(14,2)", precision: 14, scale: 2, nullable: true),
                    amount_max = table.Column<decimal>(type: "numeric(14,2)", precision: 14, scale: 2, nullable: true),
                    term_min_months = table.Column<int>(type: "integer", nullable: true),
                    term_max_months = table.Column<int>(type: "integer", nullable: true),
                    age_min = table.Column<int>(type: "integer", nullable: true),
                    age_max = table.Column<int>(type: "integer", nullable: true),
                    income_min = table.Column<decimal>(type: "numeric(14,2)", precision: 14, scale: 2, nullable: true),
                    regions = table.Column<List<string>>(type: "text[]", nullable: false),
                    documents = table.Column<List<string>>(type: "text[]", nullable: false),
                    effective_from = table.Column<DateOnly>(type: "date", nullable: false),
                    effective_to = table.Column<DateOnly>(type: "date", nullable: true),
                    commission_percent = table.Column<decimal>(type: "numeric(7,4)", precision: 7, scale: 4, nullable: false),
                    archived = table.Column<bool>(type: "boolean", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    deleted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_credit_programmes", x => x.id);
                    table.CheckConstraint("ck_credit_programmes_effective", "effective_to IS NULL OR effective_from <= effective_to");
                    table.CheckConstraint("ck_credit_programmes_limits", "(amount_min IS NULL OR amount_max IS NULL OR amount_min <= amount_max) AND (term_min_months IS NULL OR term_max_months IS NULL OR term_min_months <= term_max_months) AND (age_min IS NULL OR age_max IS NULL OR age_min <= age_max)");
                    table.CheckConstraint("ck_credit_programmes_rates", "rate_min > 0 AND rate_min <= rate_max");
                    table.ForeignKey(
                        name: "fk_credit_programmes_banks_bank_code",
                        column: x => x.bank_code,
                        principalTable: "banks",
                        principalColumn: "code",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.InsertData(
                table: "role_permissions",
                columns: new[] { "permission", "role_id" },
                values: new object[,]
                {
                    { "credit_programmes.manage", new Guid("0192f0c1-0000-7000-8000-0000000000a1") },
                    { "credit_programmes.read", new Guid("0192f0c1-0000-7000-8000-0000000000a1") },
                    { "credit_programmes.read", new Guid("0192f0c1-0000-7000-8000-0000000000a2") },
                    { "credit_programmes.read", new Guid("0192f0c1-0000-7000-8000-0000000000a3") },
                    { "credit_programmes.read", new Guid("0192f0c1-0000-7000-8000-0000000000a4") }
                });

            migrationBuilder.CreateIndex(
                name: "ix_credit_programmes_bank_code_product",
                table: "credit_programmes",
                columns: new[] { "bank_code", "product" });

            migrationBuilder.CreateIndex(
                name: "ix_credit_programmes_name_id",
                table: "credit_programmes",
                columns: new[] { "name", "id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "credit_programmes");

            migrationBuilder.DeleteData(
                table: "role_permissions",
                keyColumns: new[] { "permission", "role_id" },
                keyValues: new object[] { "credit_programmes.manage", new Guid("0192f0c1-0000-7000-8000-0000000000a1") });

            migrationBuilder.DeleteData(
                table: "role_permissions",
                keyColumns: new[] { "permission", "role_id" },
                keyValues: new object[] { "credit_programmes.read", new Guid("0192f0c1-0000-7000-8000-0000000000a1") });

            migrationBuilder.DeleteData(
                table: "role_permissions",
                keyColumns: new[] { "permission", "role_id" },
                keyValues: new object[] { "credit_programmes.read", new Guid("0192f0c1-0000-7000-8000-0000000000a2") });

            migrationBuilder.DeleteData(
                table: "role_permissions",
                keyColumns: new[] { "permission", "role_id" },
                keyValues: new object[] { "credit_programmes.read", new Guid("0192f0c1-0000-7000-8000-0000000000a3") });

            migrationBuilder.DeleteData(
                table: "role_permissions",
                keyColumns: new[] { "permission", "role_id" },
                keyValues: new object[] { "credit_programmes.read", new Guid("0192f0c1-0000-7000-8000-0000000000a4") });
        }
    }
}
