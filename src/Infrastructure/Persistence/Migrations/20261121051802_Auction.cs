using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

#pragma warning disable CA1814 // Prefer jagged arrays over multidimensional

namespace MakCrm.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class Auction : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "lots",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    lead_id = table.Column<Guid>(type: "uuid", nullable: false),
                    start_price = table.Column<decimal>(type: "numeric(14,2)", precision: 14, scale: 2, nullable: false),
                    min_step = table.Column<decimal>(type: "numeric(14,2)", precision: 14, scale: 2, nullable: false),
                    reserve_price = table.Column<decimal>(type: "numeric(14,2)", precision: 14, scale: 2, nullable: true),
                    starts_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ends_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    eligible_cities = table.Column<string[]>(type: "text[]", nullable: false),
                    eligible_grades = table.Column<string[]>(type: "text[]", nullable: false),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    current_price = table.Column<decimal>(type: "numeric(14,2)", precision: 14, scale: 2, nullable: true),
                    leader_organization_id = table.Column<Guid>(type: "uuid", nullable: true),
                    leader_bid_id = table.Column<Guid>(type: "uuid", nullable: true),
                    bid_count = table.Column<int>(type: "integer", nullable: false),
                    round = table.Column<int>(type: "integer", nullable: false),
                    previous_lot_id = table.Column<Guid>(type: "uuid", nullable: true),
                    closed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    outcome = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    redistribution = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    assigned_organization_id = table.Column<Guid>(type: "uuid", nullable: true),
                    relisted_as_lot_id = table.Column<Guid>(type: "uuid", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    deleted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_lots", x => x.id);
                    table.CheckConstraint("ck_lots_prices", "start_price > 0 AND min_step > 0 AND (reserve_price IS NULL OR reserve_price > 0)");
                    table.CheckConstraint("ck_lots_times", "ends_at > starts_at");
                    table.ForeignKey(
                        name: "fk_lots_leads_lead_id",
                        column: x => x.lead_id,
                        principalTable: "leads",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_lots_lots_previous_lot_id",
                        column: x => x.previous_lot_id,
                        principalTable: "lots",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_lots_organizations_assigned_organization_id",
                        column: x => x.assigned_organization_id,
                        principalTable: "organizations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_lots_organizations_leader_organization_id",
                        column: x => x.leader_organization_id,
                        principalTable: "organizations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "bids",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    lot_id = table.Column<Guid>(type: "uuid", nullable: false),
                    organization_id = table.Column<Guid>(type: "uuid", nullable: false),
                    user_id = table.Column<Guid>(type: "uuid", nullable: true),
                    api_client_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    amount = table.Column<decimal>(type: "numeric(14,2)", precision: 14, scale: 2, nullable: false),
                    placed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ends_at_after = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    bidder_number = table.Column<int>(type: "integer", nullable: false),
                    idempotency_key = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    caller = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: false),
                    request_fingerprint = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_bids", x => x.id);
                    table.CheckConstraint("ck_bids_amount", "amount > 0");
                    table.ForeignKey(
                        name: "fk_bids_lots_lot_id",
                        column: x => x.lot_id,
                        principalTable: "lots",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_bids_organizations_organization_id",
                        column: x => x.organization_id,
                        principalTable: "organizations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_bids_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.InsertData(
                table: "role_permissions",
                columns: new[] { "permission", "role_id" },
                values: new object[,]
                {
                    { "auction.bid", new Guid("0192f0c1-0000-7000-8000-0000000000a1") },
                    { "auction.manage", new Guid("0192f0c1-0000-7000-8000-0000000000a1") },
                    { "auction.read", new Guid("0192f0c1-0000-7000-8000-0000000000a1") },
                    { "auction.manage", new Guid("0192f0c1-0000-7000-8000-0000000000a2") },
                    { "auction.read", new Guid("0192f0c1-0000-7000-8000-0000000000a2") },
                    { "auction.bid", new Guid("0192f0c1-0000-7000-8000-0000000000a4") },
                    { "auction.read", new Guid("0192f0c1-0000-7000-8000-0000000000a4") }
                });

            migrationBuilder.CreateIndex(
                name: "ux_ledger_entries_lot_charge",
                table: "ledger_entries",
                column: "lot_id",
                unique: true,
                filter: "kind = 'charge'");

            migrationBuilder.CreateIndex(
                name: "ix_bids_caller_idempotency_key",
                table: "bids",
                columns: new[] { "caller", "idempotency_key" },
                unique: true,
                filter: "idempotency_key IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_bids_lot_id_amount",
                table: "bids",
                columns: new[] { "lot_id", "amount" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_bids_lot_id_organization_id",
                table: "bids",
                columns: new[] { "lot_id", "organization_id" })
                .Annotation("Npgsql:IndexInclude", new[] { "bidder_number" });

            migrationBuilder.CreateIndex(
                name: "ix_bids_lot_id_placed_at_id",
                table: "bids",
                columns: new[] { "lot_id", "placed_at", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_bids_organization_id",
                table: "bids",
                column: "organization_id");

            migrationBuilder.CreateIndex(
                name: "ix_bids_user_id",
                table: "bids",
                column: "user_id");

            migrationBuilder.CreateIndex(
                name: "ix_lots_assigned_organization_id_closed_at",
                table: "lots",
                columns: new[] { "assigned_organization_id", "closed_at" },
                filter: "redistribution = 'rotated'");

            migrationBuilder.CreateIndex(
                name: "ix_lots_created_at_id",
                table: "lots",
                columns: new[] { "created_at", "id" },
                filter: "deleted_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_lots_lead_id",
                table: "lots",
                column: "lead_id");

            migrationBuilder.CreateIndex(
                name: "ix_lots_leader_organization_id",
                table: "lots",
                column: "leader_organization_id");

            migrationBuilder.CreateIndex(
                name: "ix_lots_open_ends_at",
                table: "lots",
                columns: new[] { "ends_at", "id" },
                filter: "status = 'open' AND deleted_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_lots_previous_lot_id",
                table: "lots",
                column: "previous_lot_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "bids");

            migrationBuilder.DropTable(
                name: "lots");

            migrationBuilder.DropIndex(
                name: "ux_ledger_entries_lot_charge",
                table: "ledger_entries");

            migrationBuilder.DeleteData(
                table: "role_permissions",
                keyColumns: new[] { "permission", "role_id" },
                keyValues: new object[] { "auction.bid", new Guid("0192f0c1-0000-7000-8000-0000000000a1") });

            migrationBuilder.DeleteData(
                table: "role_permissions",
                keyColumns: new[] { "permission", "role_id" },
                keyValues: new object[] { "auction.manage", new Guid("0192f0c1-0000-7000-8000-0000000000a1") });

            migrationBuilder.DeleteData(
                table: "role_permissions",
                keyColumns: new[] { "permission", "role_id" },
                keyValues: new object[] { "auction.read", new Guid("0192f0c1-0000-7000-8000-0000000000a1") });

            migrationBuilder.DeleteData(
                table: "role_permissions",
                keyColumns: new[] { "permission", "role_id" },
                keyValues: new object[] { "auction.manage", new Guid("0192f0c1-0000-7000-8000-0000000000a2") });

            migrationBuilder.DeleteData(
                table: "role_permissions",
                keyColumns: new[] { "permission", "role_id" },
                keyValues: new object[] { "auction.read", new Guid("0192f0c1-0000-7000-8000-0000000000a2") });

            migrationBuilder.DeleteData(
                table: "role_permissions",
                keyColumns: new[] { "permission", "role_id" },
                keyValues: new object[] { "auction.bid", new Guid("0192f0c1-0000-7000-8000-0000000000a4") });

            migrationBuilder.DeleteData(
                table: "role_permissions",
                keyColumns: new[] { "permission", "role_id" },
                keyValues: new object[] { "auction.read", new Guid("0192f0c1-0000-7000-8000-0000000000a4") });
        }
    }
}
