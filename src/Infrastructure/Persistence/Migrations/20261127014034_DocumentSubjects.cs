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

            migrationBuilder.CreateIndex(
                name: "ix_documents_subject_id_created_at",
                table: "documents",
                columns: new[] { "subject_id", "created_at" },
                filter: "subject_id IS NOT NULL");

            migrationBuilder.AddCheckConstraint(
                name: "ck_documents_subject",
                table: "documents",
                sql: "(subject_type IS NULL) = (subject_id IS NULL)");
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
