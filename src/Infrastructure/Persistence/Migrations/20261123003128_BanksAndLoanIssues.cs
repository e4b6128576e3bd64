using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

#pragma warning disable CA1814 // Prefer jagged arrays over multidimensional

namespace MakCrm.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class BanksAndLoanIssues : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<decimal>(
                name: "loan_amount",
                table: "deals",
                type: "numeric(14,2)",
                precision: 14,
                scale: 2,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "loan_bank_code",
                table: "deals",
                type: "character varying(32)",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "loan_cancellation_reason",
                table: "deals",
                type: "character varying(32)",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "loan_cancelled_on",
                table: "deals",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "loan_issue_no",
                table: "deals",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<DateOnly>(
                name: "loan_issued_on",
                table: "deals",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "loan_product",
                table: "deals",
                type: "character varying(32)",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "loan_term_months",
                table: "deals",
                type: "integer",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "banks",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    code = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    active = table.Column<bool>(type: "boolean", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    deleted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_banks", x => x.id);
                    table.UniqueConstraint("ak_banks_code", x => x.code);
                });

            migrationBuilder.InsertData(
                table: "banks",
                columns: new[] { "id", "active", "code", "created_at", "deleted_at", "name", "updated_at", "version" },
                values: new object[,]
                {
                    { new Guid("0192f0c1-0000-7000-8000-0000000001b1"), true, "sberbank", new DateTimeOffset(new DateTime(2026, 11, 23, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)), null, "ПАО Сбербанк", new DateTimeOffset(new DateTime(2026, 11, 23, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)), 1 },
                    { new Guid("0192f0c1-0000-7000-8000-0000000001b2"), true, "vtb", new DateTimeOffset(new DateTime(2026, 11, 23, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)), null, "Банк ВТБ (ПАО)", new DateTimeOffset(new DateTime(2026, 11, 23, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)), 1 },
                    { new Guid("0192f0c1-0000-7000-8000-0000000001b3"), true, "alfabank", new DateTimeOffset(new DateTime(2026, 11, 23, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)), null, "АО «Альфа-Банк»", new DateTimeOffset(new DateTime(2026, 11, 23, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)), 1 },
                    { new Guid("0192f0c1-0000-7000-8000-0000000001b4"), true, "gazprombank", new DateTimeOffset(new DateTime(2026, 11, 23, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)), null, "Газпромбанк (АО)", new DateTimeOffset(new DateTime(2026, 11, 23, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)), 1 },
                    { new Guid("0192f0c1-0000-7000-8000-0000000001b5"), true, "tbank", new DateTimeOffset(new DateTime(2026, 11, 23, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)), null, "АО «ТБанк»", new DateTimeOffset(new DateTime(2026, 11, 23, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)), 1 }
                });

            migrationBuilder.InsertData(
                table: "role_permissions",
                columns: new[] { "permission", "role_id" },
                values: new object[] { "commissions.manage", new Guid("0192f0c1-0000-7000-8000-0000000000a1") });

            migrationBuilder.CreateIndex(
                name: "ix_deals_loan_bank_code",
                table: "deals",
                column: "loan_bank_code");

            migrationBuilder.AddCheckConstraint(
                name: "ck_deals_loan_issue",
                table: "deals",
                sql: "(loan_issue_no = 0 AND loan_issued_on IS NULL) OR (loan_issue_no > 0 AND loan_issued_on IS NOT NULL AND loan_amount > 0 AND loan_bank_code IS NOT NULL AND loan_product IS NOT NULL AND loan_term_months > 0)");

            migrationBuilder.AddForeignKey(
                name: "fk_deals_banks_loan_bank_code",
                table: "deals",
                column: "loan_bank_code",
                principalTable: "banks",
                principalColumn: "code",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "fk_deals_banks_loan_bank_code",
                table: "deals");

            migrationBuilder.DropTable(
                name: "banks");

            migrationBuilder.DropIndex(
                name: "ix_deals_loan_bank_code",
                table: "deals");

            migrationBuilder.DropCheckConstraint(
                name: "ck_deals_loan_issue",
                table: "deals");

            migrationBuilder.DeleteData(
                table: "role_permissions",
                keyColumns: new[] { "permission", "role_id" },
                keyValues: new object[] { "commissions.manage", new Guid("0192f0c1-0000-7000-8000-0000000000a1") });

            migrationBuilder.DropColumn(
                name: "loan_amount",
                table: "deals");

            migrationBuilder.DropColumn(
                name: "loan_bank_code",
                table: "deals");

            migrationBuilder.DropColumn(
                name: "loan_cancellation_reason",
                table: "deals");

            migrationBuilder.DropColumn(
                name: "loan_cancelled_on",
                table: "deals");

            migrationBuilder.DropColumn(
                name: "loan_issue_no",
                table: "deals");

            migrationBuilder.DropColumn(
                name: "loan_issued_on",
                table: "deals");

            migrationBuilder.DropColumn(
                name: "loan_product",
                table: "deals");

            migrationBuilder.DropColumn(
                name: "loan_term_months",
                table: "deals");
        }
    }
}
