using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MakCrm.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class PersonalDataReads : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "personal_data_reads",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    occurred_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    actor_user_id = table.Column<Guid>(type: "uuid", nullable: true),
                    actor_client_id = table.Column<string>(
                        type: "character varying(64)",
                        maxLength: 64,
                        nullable: true),
                    organization_id = table.Column<Guid>(type: "uuid", nullable: true),
                    subject_type = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    subject_id = table.Column<Guid>(type: "uuid", nullable: false),
                    access = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    ip_address = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    trace_id = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_personal_data_reads", x => x.id);
                });

            migrationBuilder.InsertData(
                table: "role_permissions",
                columns: new[] { "permission", "role_id" },
                values: new object[] { "personal_data_reads.read", new Guid("0192f0c1-0000-7000-8000-0000000000a1") });

            migrationBuilder.CreateIndex(
                name: "ix_personal_data_reads_actor_user_id_occurred_at",
                table: "personal_data_reads",
                columns: new[] { "actor_user_id", "occurred_at" });

            migrationBuilder.CreateIndex(
                name: "ix_personal_data_reads_occurred_at_id",
                table: "personal_data_reads",
                columns: new[] { "occurred_at", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_personal_data_reads_subject_id_occurred_at",
                table: "personal_data_reads",
                columns: new[] { "subject_id", "occurred_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "personal_data_reads");

            migrationBuilder.DeleteData(
                table: "role_permissions",
                keyColumns: new[] { "permission", "role_id" },
                keyValues: new object[]
                {
                    "personal_data_reads.read",
                    new Guid("0192f0c1-0000-7000-8000-0000000000a1"),
                });
        }
    }
}
