using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MakCrm.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class AmoCrmImports : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "amocrm_imports",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    account_id = table.Column<long>(type: "bigint", nullable: false),
                    connection_id = table.Column<Guid>(type: "uuid", nullable: false),
                    mapping_version = table.Column<int>(type: "integer", nullable: false),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    created_by = table.Column<Guid>(type: "uuid", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    started_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    finished_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    lease_owner = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    lease_expires_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    attempts = table.Column<int>(type: "integer", nullable: false),
                    rate_limit_hits = table.Column<int>(type: "integer", nullable: false),
                    failure_code = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    failure_detail = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_amocrm_imports", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "amocrm_links",
                columns: table => new
                {
                    account_id = table.Column<long>(type: "bigint", nullable: false),
                    entity = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    amo_id = table.Column<long>(type: "bigint", nullable: false),
                    mak_id = table.Column<Guid>(type: "uuid", nullable: false),
                    import_id = table.Column<Guid>(type: "uuid", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_amocrm_links", x => new { x.account_id, x.entity, x.amo_id });
                });

            migrationBuilder.CreateTable(
                name: "amocrm_dead_letters",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    import_id = table.Column<Guid>(type: "uuid", nullable: false),
                    entity = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    amo_id = table.Column<long>(type: "bigint", nullable: false),
                    field = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    code = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    detail = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    answer = table.Column<string>(type: "text", nullable: false),
                    attempts = table.Column<int>(type: "integer", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    retried_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    resolved_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_amocrm_dead_letters", x => x.id);
                    table.ForeignKey(
                        name: "fk_amocrm_dead_letters_amocrm_imports_import_id",
                        column: x => x.import_id,
                        principalTable: "amocrm_imports",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "amocrm_import_checkpoints",
                columns: table => new
                {
                    import_id = table.Column<Guid>(type: "uuid", nullable: false),
                    entity = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    done = table.Column<bool>(type: "boolean", nullable: false),
                    last_id = table.Column<long>(type: "bigint", nullable: true),
                    page = table.Column<int>(type: "integer", nullable: false),
                    page_size = table.Column<int>(type: "integer", nullable: false),
                    read = table.Column<int>(type: "integer", nullable: false),
                    created = table.Column<int>(type: "integer", nullable: false),
                    linked = table.Column<int>(type: "integer", nullable: false),
                    skipped = table.Column<int>(type: "integer", nullable: false),
                    dead_lettered = table.Column<int>(type: "integer", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_amocrm_import_checkpoints", x => new { x.import_id, x.entity });
                    table.ForeignKey(
                        name: "fk_amocrm_import_checkpoints_amocrm_imports_import_id",
                        column: x => x.import_id,
                        principalTable: "amocrm_imports",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_amocrm_dead_letters_import_id_entity_amo_id",
                table: "amocrm_dead_letters",
                columns: new[] { "import_id", "entity", "amo_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_amocrm_imports_account_id_created_at",
                table: "amocrm_imports",
                columns: new[] { "account_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_amocrm_imports_status_lease_expires_at",
                table: "amocrm_imports",
                columns: new[] { "status", "lease_expires_at" });

            migrationBuilder.CreateIndex(
                name: "ux_amocrm_imports_account_unfinished",
                table: "amocrm_imports",
                column: "account_id",
                unique: true,
                filter: "status IN ('queued', 'running', 'catching_up')");

            migrationBuilder.CreateIndex(
                name: "ix_amocrm_links_mak_id",
                table: "amocrm_links",
                column: "mak_id");

            // The statuses and entities the runner writes, checked on every row; added NOT VALID as every constraint
            // is (the tables are new and empty, so there is nothing to validate).
            migrationBuilder.Sql(
                "ALTER TABLE amocrm_imports ADD CONSTRAINT ck_amocrm_imports_status CHECK (status IN ('queued', "
                    + "'running', 'catching_up', 'succeeded', 'failed', 'stopped')) NOT VALID;");
            migrationBuilder.Sql(
                "ALTER TABLE amocrm_import_checkpoints ADD CONSTRAINT ck_amocrm_import_checkpoints_entity CHECK "
                    + "(entity IN ('users', 'pipelines', 'custom_fields', 'contacts', 'companies', 'leads') AND "
                    + "page >= 1 AND page_size BETWEEN 1 AND 250) NOT VALID;");
            migrationBuilder.Sql(
                "ALTER TABLE amocrm_links ADD CONSTRAINT ck_amocrm_links_entity CHECK (entity IN ('contacts', "
                    + "'companies', 'leads')) NOT VALID;");
            migrationBuilder.Sql(
                "ALTER TABLE amocrm_dead_letters ADD CONSTRAINT ck_amocrm_dead_letters_entity CHECK (entity IN "
                    + "('contacts', 'companies', 'leads')) NOT VALID;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "amocrm_dead_letters");

            migrationBuilder.DropTable(
                name: "amocrm_import_checkpoints");

            migrationBuilder.DropTable(
                name: "amocrm_links");

            migrationBuilder.DropTable(
                name: "amocrm_imports");
        }
    }
}
