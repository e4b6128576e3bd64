using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MakCrm.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class LoanFeesAndFeeRevisionedAccruals : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<decimal>(
                name: "loan_fee_amount",
                table: "deals",
                type: "numeric(14,2)",
                precision: 14,
                scale: 2,
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "loan_fee_received_on",
                table: "deals",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "loan_fee_reference",
                table: "deals",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "loan_fee_revision",
                table: "deals",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "fee_revision",
                table: "commission_entries",
                type: "integer",
                nullable: true);

            migrationBuilder.AddCheckConstraint(
                name: "ck_deals_loan_fee",
                table: "deals",
                sql: "(loan_fee_revision = 0 AND loan_fee_amount IS NULL AND loan_fee_received_on IS NULL AND loan_fee_reference IS NULL) OR (loan_fee_revision > 0 AND loan_issue_no > 0 AND loan_fee_amount > 0 AND loan_fee_received_on IS NOT NULL)");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropCheckConstraint(
                name: "ck_deals_loan_fee",
                table: "deals");

            migrationBuilder.DropColumn(
                name: "loan_fee_amount",
                table: "deals");

            migrationBuilder.DropColumn(
                name: "loan_fee_received_on",
                table: "deals");

            migrationBuilder.DropColumn(
                name: "loan_fee_reference",
                table: "deals");

            migrationBuilder.DropColumn(
                name: "loan_fee_revision",
                table: "deals");

            migrationBuilder.DropColumn(
                name: "fee_revision",
                table: "commission_entries");
        }
    }
}
