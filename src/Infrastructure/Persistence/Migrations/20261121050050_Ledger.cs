using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MakCrm.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class Ledger : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "grade",
                table: "organizations",
                type: "character varying(32)",
                maxLength: 32,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "ledger_entries",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    organization_id = table.Column<Guid>(type: "uuid", nullable: false),
                    kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    amount = table.Column<decimal>(type: "numeric(14,2)", precision: 14, scale: 2, nullable: false),
                    lot_id = table.Column<Guid>(type: "uuid", nullable: true),
                    bid_id = table.Column<Guid>(type: "uuid", nullable: true),
                    lead_id = table.Column<Guid>(type: "uuid", nullable: true),
                    return_id = table.Column<Guid>(type: "uuid", nullable: true),
                    comment = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    created_by_user_id = table.Column<Guid>(type: "uuid", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_ledger_entries", x => x.id);
                    table.CheckConstraint("ck_ledger_entries_amount_sign", "(kind IN ('deposit', 'hold_release', 'refund') AND amount > 0) OR (kind IN ('hold', 'charge') AND amount < 0) OR (kind = 'adjustment' AND amount <> 0)");
                    table.ForeignKey(
                        name: "fk_ledger_entries_organizations_organization_id",
                        column: x => x.organization_id,
                        principalTable: "organizations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_ledger_entries_users_created_by_user_id",
                        column: x => x.created_by_user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.UpdateData(
                table: "organizations",
                keyColumn: "id",
                keyValue: new Guid("0192f0c1-0000-7000-8000-000000000001"),
                column: "grade",
                value: null);

            migrationBuilder.CreateIndex(
                name: "ix_ledger_entries_created_by_user_id",
                table: "ledger_entries",
                column: "created_by_user_id");

            migrationBuilder.CreateIndex(
                name: "ix_ledger_entries_lead_id",
                table: "ledger_entries",
                column: "lead_id",
                filter: "lead_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_ledger_entries_lot_id",
                table: "ledger_entries",
                column: "lot_id",
                filter: "lot_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_ledger_entries_organization_id_created_at_id",
                table: "ledger_entries",
                columns: new[] { "organization_id", "created_at", "id" })
                .Annotation("Npgsql:IndexInclude", new[] { "amount", "kind" });

            // Append-only: a balance is the sum of its entries, so an entry is never changed or removed.
            migrationBuilder.Sql("""
                CREATE FUNCTION ledger_entries_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    RAISE EXCEPTION 'ledger_entries is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
                END $$;
                CREATE TRIGGER ledger_entries_append_only BEFORE UPDATE OR DELETE ON ledger_entries
                    FOR EACH ROW EXECUTE FUNCTION ledger_entries_append_only();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS ledger_entries_append_only ON ledger_entries; DROP FUNCTION IF EXISTS ledger_entries_append_only();");

            migrationBuilder.DropTable(
                name: "ledger_entries");

            migrationBuilder.DropColumn(
                name: "grade",
                table: "organizations");
        }
    }
}
