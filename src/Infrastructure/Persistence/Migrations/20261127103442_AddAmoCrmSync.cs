using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MakCrm.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class AddAmoCrmSync : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "push_due_at",
                table: "amocrm_links",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "synced",
                table: "amocrm_links",
                type: "jsonb",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "amocrm_conflicts",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    account_id = table.Column<long>(type: "bigint", nullable: false),
                    entity = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    amo_id = table.Column<long>(type: "bigint", nullable: false),
                    mak_id = table.Column<Guid>(type: "uuid", nullable: false),
                    field = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    mak_value = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    amo_value = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    direction = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    winner = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    reason = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    occurred_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_amocrm_conflicts", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "amocrm_inbox",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    account_id = table.Column<long>(type: "bigint", nullable: false),
                    body = table.Column<string>(type: "text", nullable: false),
                    received_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    processed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    lease_owner = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    lease_expires_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    attempts = table.Column<int>(type: "integer", nullable: false),
                    failure = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_amocrm_inbox", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "amocrm_syncs",
                columns: table => new
                {
                    account_id = table.Column<long>(type: "bigint", nullable: false),
                    connection_id = table.Column<Guid>(type: "uuid", nullable: false),
                    webhook_secret_hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    state = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    feed_cursor = table.Column<long>(type: "bigint", nullable: false),
                    started_by = table.Column<Guid>(type: "uuid", nullable: true),
                    started_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    last_inbound_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    last_outbound_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_amocrm_syncs", x => x.account_id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_amocrm_conflicts_account_id_id",
                table: "amocrm_conflicts",
                columns: new[] { "account_id", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_amocrm_inbox_account_id_received_at",
                table: "amocrm_inbox",
                columns: new[] { "account_id", "received_at" },
                filter: "processed_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_amocrm_inbox_processed_at",
                table: "amocrm_inbox",
                column: "processed_at",
                filter: "processed_at IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_amocrm_syncs_webhook_secret_hash",
                table: "amocrm_syncs",
                column: "webhook_secret_hash",
                unique: true);

            // The links have rows and the import writes them: the outbox's index is built concurrently, outside a
            // transaction.
            migrationBuilder.Sql("SET statement_timeout = 0;", suppressTransaction: true);
            migrationBuilder.Sql(
                "CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_amocrm_links_account_id_push_due_at "
                    + "ON amocrm_links (account_id, push_due_at) WHERE push_due_at IS NOT NULL;",
                suppressTransaction: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "amocrm_conflicts");

            migrationBuilder.DropTable(
                name: "amocrm_inbox");

            migrationBuilder.DropTable(
                name: "amocrm_syncs");

            migrationBuilder.DropIndex(
                name: "ix_amocrm_links_account_id_push_due_at",
                table: "amocrm_links");

            migrationBuilder.DropColumn(
                name: "push_due_at",
                table: "amocrm_links");

            migrationBuilder.DropColumn(
                name: "synced",
                table: "amocrm_links");
        }
    }
}
