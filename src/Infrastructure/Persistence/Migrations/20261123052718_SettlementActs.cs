using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;
using NpgsqlTypes;

#nullable disable

#pragma warning disable CA1814 // Prefer jagged arrays over multidimensional

namespace MakCrm.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class SettlementActs : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Which act holds an entry is now settlement_entry_claims; the ledger refuses every update and delete.
            migrationBuilder.Sql("""
                CREATE OR REPLACE FUNCTION commission_entries_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    RAISE EXCEPTION 'commission_entries is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
                END $$;
                """);

            migrationBuilder.DropIndex(
                name: "ix_commission_entries_organization_id_settlement_act_id",
                table: "commission_entries");

            migrationBuilder.DropCheckConstraint(
                name: "ck_commission_entries_amount_sign",
                table: "commission_entries");

            migrationBuilder.DropColumn(
                name: "settlement_act_id",
                table: "commission_entries");

            migrationBuilder.CreateTable(
                name: "settlement_acts",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    organization_id = table.Column<Guid>(type: "uuid", nullable: false),
                    period_from = table.Column<DateOnly>(type: "date", nullable: false),
                    period_to = table.Column<DateOnly>(type: "date", nullable: false),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    total = table.Column<decimal>(type: "numeric(14,2)", precision: 14, scale: 2, nullable: false),
                    corrects_act_id = table.Column<Guid>(type: "uuid", nullable: true),
                    number = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    issued_on = table.Column<DateOnly>(type: "date", nullable: true),
                    document_id = table.Column<Guid>(type: "uuid", nullable: true),
                    created_by_user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    accepted_by_user_id = table.Column<Guid>(type: "uuid", nullable: true),
                    accepted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    accepted_from_address = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    accepted_document_sha256 = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    paid_on = table.Column<DateOnly>(type: "date", nullable: true),
                    paid_amount = table.Column<decimal>(type: "numeric(14,2)", precision: 14, scale: 2, nullable: true),
                    tax_receipt_number = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    tax_receipt_url = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    paid_by_user_id = table.Column<Guid>(type: "uuid", nullable: true),
                    lines = table.Column<string>(type: "jsonb", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    deleted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_settlement_acts", x => x.id);
                    table.ForeignKey(
                        name: "fk_settlement_acts_organizations_organization_id",
                        column: x => x.organization_id,
                        principalTable: "organizations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_settlement_acts_settlement_acts_corrects_act_id",
                        column: x => x.corrects_act_id,
                        principalTable: "settlement_acts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "settlement_acceptance_codes",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    act_id = table.Column<Guid>(type: "uuid", nullable: false),
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    code_hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    expires_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    attempts = table.Column<int>(type: "integer", nullable: false),
                    spent_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_settlement_acceptance_codes", x => x.id);
                    table.ForeignKey(
                        name: "fk_settlement_acceptance_codes_settlement_acts_act_id",
                        column: x => x.act_id,
                        principalTable: "settlement_acts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "settlement_entry_claims",
                columns: table => new
                {
                    entry_id = table.Column<Guid>(type: "uuid", nullable: false),
                    act_id = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_settlement_entry_claims", x => x.entry_id);
                    table.ForeignKey(
                        name: "fk_settlement_entry_claims_commission_entries_entry_id",
                        column: x => x.entry_id,
                        principalTable: "commission_entries",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_settlement_entry_claims_settlement_acts_act_id",
                        column: x => x.act_id,
                        principalTable: "settlement_acts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.InsertData(
                table: "role_permissions",
                columns: new[] { "permission", "role_id" },
                values: new object[,]
                {
                    { "settlements.accept", new Guid("0192f0c1-0000-7000-8000-0000000000a1") },
                    { "settlements.manage", new Guid("0192f0c1-0000-7000-8000-0000000000a1") },
                    { "settlements.read.all", new Guid("0192f0c1-0000-7000-8000-0000000000a1") },
                    { "settlements.read.own", new Guid("0192f0c1-0000-7000-8000-0000000000a1") },
                    { "settlements.read.all", new Guid("0192f0c1-0000-7000-8000-0000000000a2") },
                    { "settlements.accept", new Guid("0192f0c1-0000-7000-8000-0000000000a3") },
                    { "settlements.read.own", new Guid("0192f0c1-0000-7000-8000-0000000000a3") }
                });
            migrationBuilder.AddCheckConstraint(
                name: "ck_commission_entries_amount_sign",
                table: "commission_entries",
                sql: "(kind IN ('accrual', 'release') AND amount > 0) OR (kind = 'reversal' AND amount < 0) OR (kind = 'payout' AND amount < 0)");

            migrationBuilder.CreateIndex(
                name: "ix_settlement_acceptance_codes_act_id_user_id_expires_at",
                table: "settlement_acceptance_codes",
                columns: new[] { "act_id", "user_id", "expires_at" });

            migrationBuilder.CreateIndex(
                name: "ix_settlement_acts_corrects_act_id",
                table: "settlement_acts",
                column: "corrects_act_id");

            migrationBuilder.CreateIndex(
                name: "ix_settlement_acts_number",
                table: "settlement_acts",
                column: "number",
                unique: true,
                filter: "number IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_settlement_acts_organization_id_created_at",
                table: "settlement_acts",
                columns: new[] { "organization_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_settlement_entry_claims_act_id",
                table: "settlement_entry_claims",
                column: "act_id");

        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "settlement_acceptance_codes");

            migrationBuilder.DropTable(
                name: "settlement_entry_claims");

            migrationBuilder.DropTable(
                name: "settlement_acts");

            migrationBuilder.DropCheckConstraint(
                name: "ck_commission_entries_amount_sign",
                table: "commission_entries");

            migrationBuilder.DeleteData(
                table: "role_permissions",
                keyColumns: new[] { "permission", "role_id" },
                keyValues: new object[] { "settlements.accept", new Guid("0192f0c1-0000-7000-8000-0000000000a1") });

            migrationBuilder.DeleteData(
                table: "role_permissions",
                keyColumns: new[] { "permission", "role_id" },
                keyValues: new object[] { "settlements.manage", new Guid("0192f0c1-0000-7000-8000-0000000000a1") });

            migrationBuilder.DeleteData(
                table: "role_permissions",
                keyColumns: new[] { "permission", "role_id" },
                keyValues: new object[] { "settlements.read.all", new Guid("0192f0c1-0000-7000-8000-0000000000a1") });

            migrationBuilder.DeleteData(
                table: "role_permissions",
                keyColumns: new[] { "permission", "role_id" },
                keyValues: new object[] { "settlements.read.own", new Guid("0192f0c1-0000-7000-8000-0000000000a1") });

            migrationBuilder.DeleteData(
                table: "role_permissions",
                keyColumns: new[] { "permission", "role_id" },
                keyValues: new object[] { "settlements.read.all", new Guid("0192f0c1-0000-7000-8000-0000000000a2") });

            migrationBuilder.DeleteData(
                table: "role_permissions",
                keyColumns: new[] { "permission", "role_id" },
                keyValues: new object[] { "settlements.accept", new Guid("0192f0c1-0000-7000-8000-0000000000a3") });

            migrationBuilder.DeleteData(
                table: "role_permissions",
                keyColumns: new[] { "permission", "role_id" },
                keyValues: new object[] { "settlements.read.own", new Guid("0192f0c1-0000-7000-8000-0000000000a3") });

            migrationBuilder.AddColumn<Guid>(
                name: "settlement_act_id",
                table: "commission_entries",
                type: "uuid",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_commission_entries_organization_id_settlement_act_id",
                table: "commission_entries",
                columns: new[] { "organization_id", "settlement_act_id" },
                filter: "settlement_act_id IS NULL AND available_change <> 0");

            migrationBuilder.AddCheckConstraint(
                name: "ck_commission_entries_amount_sign",
                table: "commission_entries",
                sql: "(kind IN ('accrual', 'release') AND amount > 0) OR (kind = 'reversal' AND amount < 0) OR (kind IN ('payout', 'offset') AND amount <> 0)");

            migrationBuilder.Sql("""
                CREATE OR REPLACE FUNCTION commission_entries_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF TG_OP = 'UPDATE' AND OLD.settlement_act_id IS NULL AND NEW.settlement_act_id IS NOT NULL
                       AND (to_jsonb(NEW) - 'settlement_act_id') = (to_jsonb(OLD) - 'settlement_act_id') THEN
                        RETURN NEW;
                    END IF;
                    RAISE EXCEPTION 'commission_entries is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
                END $$;
                """);
        }
    }
}
