using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MakCrm.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class StageWinProbabilityAndDealTitleSearch : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "win_probability",
                table: "pipeline_stages",
                type: "integer",
                nullable: true);

            migrationBuilder.UpdateData(
                table: "pipeline_stages",
                keyColumn: "id",
                keyValue: new Guid("0192f0c1-0000-7000-8000-000000000711"),
                column: "win_probability",
                value: null);

            migrationBuilder.UpdateData(
                table: "pipeline_stages",
                keyColumn: "id",
                keyValue: new Guid("0192f0c1-0000-7000-8000-000000000712"),
                column: "win_probability",
                value: null);

            migrationBuilder.UpdateData(
                table: "pipeline_stages",
                keyColumn: "id",
                keyValue: new Guid("0192f0c1-0000-7000-8000-000000000713"),
                column: "win_probability",
                value: null);

            migrationBuilder.UpdateData(
                table: "pipeline_stages",
                keyColumn: "id",
                keyValue: new Guid("0192f0c1-0000-7000-8000-000000000714"),
                column: "win_probability",
                value: null);

            migrationBuilder.UpdateData(
                table: "pipeline_stages",
                keyColumn: "id",
                keyValue: new Guid("0192f0c1-0000-7000-8000-000000000715"),
                column: "win_probability",
                value: 100);

            migrationBuilder.UpdateData(
                table: "pipeline_stages",
                keyColumn: "id",
                keyValue: new Guid("0192f0c1-0000-7000-8000-000000000716"),
                column: "win_probability",
                value: 0);

            // Every pipeline's won and lost stages, not only the seeded ones, get their fixed probabilities.
            migrationBuilder.Sql("UPDATE pipeline_stages SET win_probability = CASE kind WHEN 'won' THEN 100 ELSE 0 END WHERE kind IN ('won', 'lost');");

            migrationBuilder.AddCheckConstraint(
                name: "ck_pipeline_stages_win_probability",
                table: "pipeline_stages",
                sql: "win_probability BETWEEN 0 AND 100");

            migrationBuilder.CreateIndex(
                name: "ix_deals_title_trgm",
                table: "deals",
                column: "title")
                .Annotation("Npgsql:IndexMethod", "gin")
                .Annotation("Npgsql:IndexOperators", new[] { "gin_trgm_ops" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropCheckConstraint(
                name: "ck_pipeline_stages_win_probability",
                table: "pipeline_stages");

            migrationBuilder.DropIndex(
                name: "ix_deals_title_trgm",
                table: "deals");

            migrationBuilder.DropColumn(
                name: "win_probability",
                table: "pipeline_stages");
        }
    }
}
