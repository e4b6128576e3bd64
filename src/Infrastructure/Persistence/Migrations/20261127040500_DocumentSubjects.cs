using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MakCrm.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class DocumentSubjects : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "subject_id",
                table: "documents",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "subject_type",
                table: "documents",
                type: "character varying(16)",
                maxLength: 16,
                nullable: true);

            // Documents has data and instances keep writing to it (docs/operations.md, "Rolling out a migration"):
            // the check is added NOT VALID (every new row is checked; the old ones have neither column set) and the
            // index is built concurrently outside a transaction.
            migrationBuilder.Sql(
                "ALTER TABLE documents ADD CONSTRAINT ck_documents_subject "
                    + "CHECK ((subject_type IS NULL) = (subject_id IS NULL)) NOT VALID;");
            migrationBuilder.Sql("SET statement_timeout = 0;", suppressTransaction: true);
            migrationBuilder.Sql(
                "CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_documents_subject_id_created_at "
                    + "ON documents (subject_id, created_at) WHERE subject_id IS NOT NULL;",
                suppressTransaction: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_documents_subject_id_created_at",
                table: "documents");

            migrationBuilder.DropCheckConstraint(
                name: "ck_documents_subject",
                table: "documents");

            migrationBuilder.DropColumn(
                name: "subject_id",
                table: "documents");

            migrationBuilder.DropColumn(
                name: "subject_type",
                table: "documents");
        }
    }
}
