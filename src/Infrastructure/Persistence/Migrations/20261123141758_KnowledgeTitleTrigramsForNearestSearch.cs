using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MakCrm.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class KnowledgeTitleTrigramsForNearestSearch : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_knowledge_faq_entries_question_trgm",
                table: "knowledge_faq_entries");

            migrationBuilder.DropIndex(
                name: "ix_knowledge_articles_title_trgm",
                table: "knowledge_articles");

            migrationBuilder.CreateIndex(
                name: "ix_knowledge_faq_entries_question_trgm",
                table: "knowledge_faq_entries",
                column: "question")
                .Annotation("Npgsql:IndexMethod", "gist")
                .Annotation("Npgsql:IndexOperators", new[] { "gist_trgm_ops" });

            migrationBuilder.CreateIndex(
                name: "ix_knowledge_articles_title_trgm",
                table: "knowledge_articles",
                column: "title")
                .Annotation("Npgsql:IndexMethod", "gist")
                .Annotation("Npgsql:IndexOperators", new[] { "gist_trgm_ops" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_knowledge_faq_entries_question_trgm",
                table: "knowledge_faq_entries");

            migrationBuilder.DropIndex(
                name: "ix_knowledge_articles_title_trgm",
                table: "knowledge_articles");

            migrationBuilder.CreateIndex(
                name: "ix_knowledge_faq_entries_question_trgm",
                table: "knowledge_faq_entries",
                column: "question")
                .Annotation("Npgsql:IndexMethod", "gin")
                .Annotation("Npgsql:IndexOperators", new[] { "gin_trgm_ops" });

            migrationBuilder.CreateIndex(
                name: "ix_knowledge_articles_title_trgm",
                table: "knowledge_articles",
                column: "title")
                .Annotation("Npgsql:IndexMethod", "gin")
                .Annotation("Npgsql:IndexOperators", new[] { "gin_trgm_ops" });
        }
    }
}
