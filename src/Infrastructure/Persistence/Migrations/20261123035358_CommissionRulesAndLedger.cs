using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

#pragma warning disable CA1814 // Prefer jagged arrays over multidimensional

namespace MakCrm.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class CommissionRulesAndLedger : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "commission_entries",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    organization_id = table.Column<Guid>(type: "uuid", nullable: false),
                    kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    amount = table.Column<decimal>(type: "numeric(14,2)", precision: 14, scale: 2, nullable: false),
                    on_hold_change = table.Column<decimal>(type: "numeric(14,2)", precision: 14, scale: 2, nullable: false),
                    available_change = table.Column<decimal>(type: "numeric(14,2)", precision: 14, scale: 2, nullable: false),
                    deal_id = table.Column<Guid>(type: "uuid", nullable: true),
                    issue_no = table.Column<int>(type: "integer", nullable: true),
                    level = table.Column<int>(type: "integer", nullable: true),
                    source_organization_id = table.Column<Guid>(type: "uuid", nullable: true),
                    issued_on = table.Column<DateOnly>(type: "date", nullable: true),
                    bank_code = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    product = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    grade = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    @base = table.Column<decimal>(name: "base", type: "numeric(14,2)", precision: 14, scale: 2, nullable: true),
                    share = table.Column<decimal>(type: "numeric(7,4)", precision: 7, scale: 4, nullable: true),
                    hold_until = table.Column<DateOnly>(type: "date", nullable: true),
                    follows_entry_id = table.Column<Guid>(type: "uuid", nullable: true),
                    settlement_act_id = table.Column<Guid>(type: "uuid", nullable: true),
                    idempotency_key = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    available_after = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: false),
                    entry_no = table.Column<long>(type: "bigint", nullable: false),
                    on_hold_after = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_commission_entries", x => x.id);
                    table.CheckConstraint("ck_commission_entries_amount_sign", "(kind IN ('accrual', 'release') AND amount > 0) OR (kind = 'reversal' AND amount < 0) OR (kind IN ('payout', 'offset') AND amount <> 0)");
                    table.CheckConstraint("ck_commission_entries_level", "level IS NULL OR level IN (1, 2)");
                    table.ForeignKey(
                        name: "fk_commission_entries_deals_deal_id",
                        column: x => x.deal_id,
                        principalTable: "deals",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_commission_entries_organizations_organization_id",
                        column: x => x.organization_id,
                        principalTable: "organizations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "commission_rules",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    effective_from = table.Column<DateOnly>(type: "date", nullable: false),
                    bank_code = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    product = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    base_method = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    rate = table.Column<decimal>(type: "numeric(7,4)", precision: 7, scale: 4, nullable: true),
                    grade = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    hold_days = table.Column<int>(type: "integer", nullable: true),
                    created_by_user_id = table.Column<Guid>(type: "uuid", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    deleted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_commission_rules", x => x.id);
                    table.CheckConstraint("ck_commission_rules_kind_fields", "(kind = 'base' AND bank_code IS NOT NULL AND product IS NOT NULL AND base_method IS NOT NULL AND (base_method = 'received_fee') = (rate IS NULL)) OR (kind = 'partner_share' AND grade IS NOT NULL AND rate IS NOT NULL) OR (kind = 'level2_share' AND rate IS NOT NULL) OR (kind = 'hold_period' AND product IS NOT NULL AND hold_days IS NOT NULL)");
                    table.ForeignKey(
                        name: "fk_commission_rules_banks_bank_code",
                        column: x => x.bank_code,
                        principalTable: "banks",
                        principalColumn: "code",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_commission_rules_users_created_by_user_id",
                        column: x => x.created_by_user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.InsertData(
                table: "role_permissions",
                columns: new[] { "permission", "role_id" },
                values: new object[,]
                {
                    { "commissions.read.all", new Guid("0192f0c1-0000-7000-8000-0000000000a1") },
                    { "commissions.read.own", new Guid("0192f0c1-0000-7000-8000-0000000000a1") },
                    { "commissions.read.all", new Guid("0192f0c1-0000-7000-8000-0000000000a2") },
                    { "commissions.read.own", new Guid("0192f0c1-0000-7000-8000-0000000000a3") },
                    { "commissions.read.own", new Guid("0192f0c1-0000-7000-8000-0000000000a4") }
                });

            migrationBuilder.CreateIndex(
                name: "ix_commission_entries_deal_id_issue_no",
                table: "commission_entries",
                columns: new[] { "deal_id", "issue_no" },
                filter: "deal_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_commission_entries_follows_entry_id",
                table: "commission_entries",
                column: "follows_entry_id",
                filter: "follows_entry_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_commission_entries_hold_until",
                table: "commission_entries",
                column: "hold_until",
                filter: "kind = 'accrual'");

            migrationBuilder.CreateIndex(
                name: "ix_commission_entries_idempotency_key",
                table: "commission_entries",
                column: "idempotency_key",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_commission_entries_organization_id_created_at_id",
                table: "commission_entries",
                columns: new[] { "organization_id", "created_at", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_commission_entries_organization_id_entry_no",
                table: "commission_entries",
                columns: new[] { "organization_id", "entry_no" },
                unique: true)
                .Annotation("Npgsql:IndexInclude", new[] { "on_hold_after", "available_after" });

            migrationBuilder.CreateIndex(
                name: "ix_commission_entries_organization_id_settlement_act_id",
                table: "commission_entries",
                columns: new[] { "organization_id", "settlement_act_id" },
                filter: "settlement_act_id IS NULL AND available_change <> 0");

            migrationBuilder.CreateIndex(
                name: "ix_commission_rules_bank_code",
                table: "commission_rules",
                column: "bank_code");

            migrationBuilder.CreateIndex(
                name: "ix_commission_rules_created_by_user_id",
                table: "commission_rules",
                column: "created_by_user_id");

            migrationBuilder.CreateIndex(
                name: "ix_commission_rules_kind_bank_code_product_grade_effective_from",
                table: "commission_rules",
                columns: new[] { "kind", "bank_code", "product", "grade", "effective_from" },
                unique: true)
                .Annotation("Npgsql:NullsDistinct", false);

            // Append-only: no delete, and no update except settlements setting an entry's act once (from null).
            migrationBuilder.Sql("""
                CREATE FUNCTION commission_entries_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF TG_OP = 'UPDATE' AND OLD.settlement_act_id IS NULL AND NEW.settlement_act_id IS NOT NULL
                       AND (to_jsonb(NEW) - 'settlement_act_id') = (to_jsonb(OLD) - 'settlement_act_id') THEN
                        RETURN NEW;
                    END IF;
                    RAISE EXCEPTION 'commission_entries is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
                END $$;
                CREATE TRIGGER commission_entries_append_only BEFORE UPDATE OR DELETE ON commission_entries
                    FOR EACH ROW EXECUTE FUNCTION commission_entries_append_only();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS commission_entries_append_only ON commission_entries; DROP FUNCTION IF EXISTS commission_entries_append_only();");

            migrationBuilder.DropTable(
                name: "commission_entries");

            migrationBuilder.DropTable(
                name: "commission_rules");

            migrationBuilder.DeleteData(
                table: "role_permissions",
                keyColumns: new[] { "permission", "role_id" },
                keyValues: new object[] { "commissions.read.all", new Guid("0192f0c1-0000-7000-8000-0000000000a1") });

            migrationBuilder.DeleteData(
                table: "role_permissions",
                keyColumns: new[] { "permission", "role_id" },
                keyValues: new object[] { "commissions.read.own", new Guid("0192f0c1-0000-7000-8000-0000000000a1") });

            migrationBuilder.DeleteData(
                table: "role_permissions",
                keyColumns: new[] { "permission", "role_id" },
                keyValues: new object[] { "commissions.read.all", new Guid("0192f0c1-0000-7000-8000-0000000000a2") });

            migrationBuilder.DeleteData(
                table: "role_permissions",
                keyColumns: new[] { "permission", "role_id" },
                keyValues: new object[] { "commissions.read.own", new Guid("0192f0c1-0000-7000-8000-0000000000a3") });

            migrationBuilder.DeleteData(
                table: "role_permissions",
                keyColumns: new[] { "permission", "role_id" },
                keyValues: new object[] { "commissions.read.own", new Guid("0192f0c1-0000-7000-8000-0000000000a4") });
        }
    }
}
