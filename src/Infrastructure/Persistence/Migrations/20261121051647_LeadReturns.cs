using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

#pragma warning disable CA1814 // Prefer jagged arrays over multidimensional

namespace MakCrm.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class LeadReturns : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "lead_returns",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    lead_id = table.Column<Guid>(type: "uuid", nullable: false),
                    organization_id = table.Column<Guid>(type: "uuid", nullable: false),
                    charge_entry_id = table.Column<Guid>(type: "uuid", nullable: false),
                    amount = table.Column<decimal>(type: "numeric(14,2)", precision: 14, scale: 2, nullable: false),
                    lot_id = table.Column<Guid>(type: "uuid", nullable: true),
                    reason = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    comment = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    requested_by_user_id = table.Column<Guid>(type: "uuid", nullable: true),
                    decided_by_user_id = table.Column<Guid>(type: "uuid", nullable: true),
                    decided_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    rejection_reason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    refund_entry_id = table.Column<Guid>(type: "uuid", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    deleted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_lead_returns", x => x.id);
                    table.CheckConstraint("ck_lead_returns_decision", "(status = 'requested' AND decided_at IS NULL AND refund_entry_id IS NULL AND rejection_reason IS NULL) OR (status = 'accepted' AND decided_at IS NOT NULL AND refund_entry_id IS NOT NULL) OR (status = 'rejected' AND decided_at IS NOT NULL AND rejection_reason IS NOT NULL)");
                    table.ForeignKey(
                        name: "fk_lead_returns_leads_lead_id",
                        column: x => x.lead_id,
                        principalTable: "leads",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_lead_returns_ledger_entries_charge_entry_id",
                        column: x => x.charge_entry_id,
                        principalTable: "ledger_entries",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_lead_returns_ledger_entries_refund_entry_id",
                        column: x => x.refund_entry_id,
                        principalTable: "ledger_entries",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_lead_returns_organizations_organization_id",
                        column: x => x.organization_id,
                        principalTable: "organizations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_lead_returns_users_decided_by_user_id",
                        column: x => x.decided_by_user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_lead_returns_users_requested_by_user_id",
                        column: x => x.requested_by_user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.InsertData(
                table: "role_permissions",
                columns: new[] { "permission", "role_id" },
                values: new object[,]
                {
                    { "lead_returns.create", new Guid("0192f0c1-0000-7000-8000-0000000000a1") },
                    { "lead_returns.decide", new Guid("0192f0c1-0000-7000-8000-0000000000a1") },
                    { "ledger.manage", new Guid("0192f0c1-0000-7000-8000-0000000000a1") },
                    { "ledger.read.all", new Guid("0192f0c1-0000-7000-8000-0000000000a1") },
                    { "ledger.read.own", new Guid("0192f0c1-0000-7000-8000-0000000000a1") },
                    { "lead_returns.decide", new Guid("0192f0c1-0000-7000-8000-0000000000a2") },
                    { "ledger.manage", new Guid("0192f0c1-0000-7000-8000-0000000000a2") },
                    { "ledger.read.all", new Guid("0192f0c1-0000-7000-8000-0000000000a2") },
                    { "lead_returns.create", new Guid("0192f0c1-0000-7000-8000-0000000000a4") },
                    { "ledger.read.own", new Guid("0192f0c1-0000-7000-8000-0000000000a4") }
                });

            migrationBuilder.CreateIndex(
                name: "ix_lead_returns_charge_entry_id",
                table: "lead_returns",
                column: "charge_entry_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_lead_returns_created_at_id",
                table: "lead_returns",
                columns: new[] { "created_at", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_lead_returns_decided_by_user_id",
                table: "lead_returns",
                column: "decided_by_user_id");

            migrationBuilder.CreateIndex(
                name: "ix_lead_returns_organization_id_created_at_id",
                table: "lead_returns",
                columns: new[] { "organization_id", "created_at", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_lead_returns_refund_entry_id",
                table: "lead_returns",
                column: "refund_entry_id");

            migrationBuilder.CreateIndex(
                name: "ix_lead_returns_requested_by_user_id",
                table: "lead_returns",
                column: "requested_by_user_id");

            migrationBuilder.CreateIndex(
                name: "ux_lead_returns_open_per_lead",
                table: "lead_returns",
                column: "lead_id",
                unique: true,
                filter: "status = 'requested'");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "lead_returns");

            migrationBuilder.DeleteData(
                table: "role_permissions",
                keyColumns: new[] { "permission", "role_id" },
                keyValues: new object[] { "lead_returns.create", new Guid("0192f0c1-0000-7000-8000-0000000000a1") });

            migrationBuilder.DeleteData(
                table: "role_permissions",
                keyColumns: new[] { "permission", "role_id" },
                keyValues: new object[] { "lead_returns.decide", new Guid("0192f0c1-0000-7000-8000-0000000000a1") });

            migrationBuilder.DeleteData(
                table: "role_permissions",
                keyColumns: new[] { "permission", "role_id" },
                keyValues: new object[] { "ledger.manage", new Guid("0192f0c1-0000-7000-8000-0000000000a1") });

            migrationBuilder.DeleteData(
                table: "role_permissions",
                keyColumns: new[] { "permission", "role_id" },
                keyValues: new object[] { "ledger.read.all", new Guid("0192f0c1-0000-7000-8000-0000000000a1") });

            migrationBuilder.DeleteData(
                table: "role_permissions",
                keyColumns: new[] { "permission", "role_id" },
                keyValues: new object[] { "ledger.read.own", new Guid("0192f0c1-0000-7000-8000-0000000000a1") });

            migrationBuilder.DeleteData(
                table: "role_permissions",
                keyColumns: new[] { "permission", "role_id" },
                keyValues: new object[] { "lead_returns.decide", new Guid("0192f0c1-0000-7000-8000-0000000000a2") });

            migrationBuilder.DeleteData(
                table: "role_permissions",
                keyColumns: new[] { "permission", "role_id" },
                keyValues: new object[] { "ledger.manage", new Guid("0192f0c1-0000-7000-8000-0000000000a2") });

            migrationBuilder.DeleteData(
                table: "role_permissions",
                keyColumns: new[] { "permission", "role_id" },
                keyValues: new object[] { "ledger.read.all", new Guid("0192f0c1-0000-7000-8000-0000000000a2") });

            migrationBuilder.DeleteData(
                table: "role_permissions",
                keyColumns: new[] { "permission", "role_id" },
                keyValues: new object[] { "lead_returns.create", new Guid("0192f0c1-0000-7000-8000-0000000000a4") });

            migrationBuilder.DeleteData(
                table: "role_permissions",
                keyColumns: new[] { "permission", "role_id" },
                keyValues: new object[] { "ledger.read.own", new Guid("0192f0c1-0000-7000-8000-0000000000a4") });
        }
    }
}
