using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MakCrm.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class LedgerRunningBalance : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<decimal>(
                name: "balance_after",
                table: "ledger_entries",
                type: "numeric(18,2)",
                precision: 18,
                scale: 2,
                nullable: false,
                defaultValue: 0m);

            migrationBuilder.AddColumn<long>(
                name: "entry_no",
                table: "ledger_entries",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<decimal>(
                name: "held_after",
                table: "ledger_entries",
                type: "numeric(18,2)",
                precision: 18,
                scale: 2,
                nullable: false,
                defaultValue: 0m);

            // Existing entries get their positions in the order they were written (ADR 0011). The positions are not an
            // update of the ledger's facts, so the append-only trigger steps aside for this one statement; the defaults go
            // afterwards, so that a writer that leaves the positions out fails instead of writing zeros.
            migrationBuilder.Sql("""
                ALTER TABLE ledger_entries DISABLE TRIGGER ledger_entries_append_only;
                UPDATE ledger_entries e SET entry_no = r.n, balance_after = r.balance, held_after = r.held
                FROM (SELECT id, row_number() OVER w AS n, sum(amount) OVER w AS balance,
                             -sum(CASE WHEN kind IN ('hold', 'hold_release') THEN amount ELSE 0 END) OVER w AS held
                      FROM ledger_entries
                      WINDOW w AS (PARTITION BY organization_id ORDER BY created_at, id ROWS UNBOUNDED PRECEDING)) AS r
                WHERE e.id = r.id;
                ALTER TABLE ledger_entries ENABLE TRIGGER ledger_entries_append_only;
                ALTER TABLE ledger_entries ALTER COLUMN entry_no DROP DEFAULT, ALTER COLUMN balance_after DROP DEFAULT,
                    ALTER COLUMN held_after DROP DEFAULT;
                """);

            migrationBuilder.CreateIndex(
                name: "ix_ledger_entries_organization_id_entry_no",
                table: "ledger_entries",
                columns: new[] { "organization_id", "entry_no" },
                unique: true)
                .Annotation("Npgsql:IndexInclude", new[] { "balance_after", "held_after" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_ledger_entries_organization_id_entry_no",
                table: "ledger_entries");

            migrationBuilder.DropColumn(
                name: "balance_after",
                table: "ledger_entries");

            migrationBuilder.DropColumn(
                name: "entry_no",
                table: "ledger_entries");

            migrationBuilder.DropColumn(
                name: "held_after",
                table: "ledger_entries");
        }
    }
}
