using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MakCrm.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class DealCloseDateAndProbability : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateOnly>(
                name: "expected_close_date",
                table: "deals",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "probability",
                table: "deals",
                type: "integer",
                nullable: true);

            migrationBuilder.AddCheckConstraint(
                name: "ck_deals_probability",
                table: "deals",
                sql: "probability BETWEEN 0 AND 100");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropCheckConstraint(
                name: "ck_deals_probability",
                table: "deals");

            migrationBuilder.DropColumn(
                name: "expected_close_date",
                table: "deals");

            migrationBuilder.DropColumn(
                name: "probability",
                table: "deals");
        }
    }
}
