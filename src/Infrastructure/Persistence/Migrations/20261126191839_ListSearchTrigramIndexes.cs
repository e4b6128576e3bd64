using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MakCrm.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class ListSearchTrigramIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Built concurrently, outside the migration's transaction: the tables have data and instances keep
            // writing to them (docs/operations.md, "Rolling out a migration").
            migrationBuilder.Sql("SET statement_timeout = 0;", suppressTransaction: true);
            foreach (var (index, table, column) in new[]
            {
                ("ix_tickets_subject_trgm", "tickets", "subject"),
                ("ix_tasks_title_trgm", "tasks", "title"),
                ("ix_documents_file_name_trgm", "documents", "file_name"),
            })
            {
                migrationBuilder.Sql(
                    $"CREATE INDEX CONCURRENTLY IF NOT EXISTS {index} ON {table} "
                        + $"USING gin ({column} gin_trgm_ops);",
                    suppressTransaction: true
                );
            }
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_tickets_subject_trgm",
                table: "tickets");

            migrationBuilder.DropIndex(
                name: "ix_tasks_title_trgm",
                table: "tasks");

            migrationBuilder.DropIndex(
                name: "ix_documents_file_name_trgm",
                table: "documents");
        }
    }
}
