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

            // Deals have data and instances keep writing to them (docs/operations.md, "Rolling out a migration"): the
            // check is added NOT VALID, which checks every new or changed row without scanning the old ones (whose
            // probability is null).
            migrationBuilder.Sql(
                "ALTER TABLE deals ADD CONSTRAINT ck_deals_probability "
                    + "CHECK (probability BETWEEN 0 AND 100) NOT VALID;");
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
