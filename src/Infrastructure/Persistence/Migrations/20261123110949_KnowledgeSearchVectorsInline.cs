using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MakCrm.Infrastructure.Persistence.Migrations;

/// <summary>
/// Keeps the knowledge base's search vectors in the row (storage MAIN: compressed in place, moved out of line only
/// when nothing else is left to move) instead of in the TOAST table. A search rechecks its query against the vector
/// of every row the GIN index names, and a common word names most of the articles; fetching each vector from TOAST
/// (an index lookup and a chunk read per row) cost more than the match and the ranking together. The body and its
/// HTML stay out of line. Existing rows are rewritten so that their vectors move in.
/// </summary>
public partial class KnowledgeSearchVectorsInline : Migration
{
    private static readonly string[] Tables = ["knowledge_articles", "knowledge_faq_entries"];

    /// <inheritdoc />
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        foreach (var table in Tables)
        {
            migrationBuilder.Sql($"ALTER TABLE {table} ALTER COLUMN search_vector SET STORAGE MAIN;");
        }

        // A stored generated column is computed again on every update, so a no-op update stores each vector anew.
        migrationBuilder.Sql("UPDATE knowledge_articles SET title = title;");
        migrationBuilder.Sql("UPDATE knowledge_faq_entries SET question = question;");
    }

    /// <inheritdoc />
    protected override void Down(MigrationBuilder migrationBuilder)
    {
        foreach (var table in Tables)
        {
            migrationBuilder.Sql($"ALTER TABLE {table} ALTER COLUMN search_vector SET STORAGE EXTENDED;");
        }
    }
}
