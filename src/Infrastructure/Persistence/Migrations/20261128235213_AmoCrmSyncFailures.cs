using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MakCrm.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class AmoCrmSyncFailures : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "push_failed_at",
                table: "amocrm_links",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "push_failure_id",
                table: "amocrm_links",
                type: "uuid",
                nullable: true);

            // The writes set aside before failures had ids get one now: a UUID v7 of this moment, built in SQL.
            migrationBuilder.Sql(
                """
                UPDATE amocrm_links SET push_failed_at = now(),
                    push_failure_id = encode(set_bit(set_bit(overlay(uuid_send(gen_random_uuid()) placing
                        substring(int8send((extract(epoch FROM clock_timestamp()) * 1000)::bigint) FROM 3)
                        FROM 1 FOR 6), 52, 1), 53, 1), 'hex')::uuid
                WHERE push_failure IS NOT NULL;
                """
            );

            // Built concurrently, outside the migration's transaction, as on any table with data (docs/operations.md).
            migrationBuilder.Sql(
                "CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS ix_amocrm_links_push_failure_id ON amocrm_links "
                    + "(push_failure_id) WHERE push_failure_id IS NOT NULL;",
                suppressTransaction: true
            );
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_amocrm_links_push_failure_id",
                table: "amocrm_links");

            migrationBuilder.DropColumn(
                name: "push_failed_at",
                table: "amocrm_links");

            migrationBuilder.DropColumn(
                name: "push_failure_id",
                table: "amocrm_links");
        }
    }
}
