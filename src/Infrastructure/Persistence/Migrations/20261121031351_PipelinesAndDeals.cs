using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

#pragma warning disable CA1814 // Prefer jagged arrays over multidimensional

namespace MakCrm.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class PipelinesAndDeals : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "pipelines",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    position = table.Column<int>(type: "integer", nullable: false),
                    is_archived = table.Column<bool>(type: "boolean", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    deleted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_pipelines", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "pipeline_stages",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    pipeline_id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    position = table.Column<int>(type: "integer", nullable: false),
                    kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    triggers = table.Column<string>(type: "jsonb", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    deleted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_pipeline_stages", x => x.id);
                    table.ForeignKey(
                        name: "fk_pipeline_stages_pipelines_pipeline_id",
                        column: x => x.pipeline_id,
                        principalTable: "pipelines",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "deals",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    organization_id = table.Column<Guid>(type: "uuid", nullable: false),
                    client_id = table.Column<Guid>(type: "uuid", nullable: false),
                    lead_id = table.Column<Guid>(type: "uuid", nullable: true),
                    title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    amount = table.Column<decimal>(type: "numeric(14,2)", precision: 14, scale: 2, nullable: false),
                    bank = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    product = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    responsible_user_id = table.Column<Guid>(type: "uuid", nullable: true),
                    pipeline_id = table.Column<Guid>(type: "uuid", nullable: false),
                    stage_id = table.Column<Guid>(type: "uuid", nullable: false),
                    closed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    deleted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_deals", x => x.id);
                    table.ForeignKey(
                        name: "fk_deals_clients_client_id",
                        column: x => x.client_id,
                        principalTable: "clients",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_deals_leads_lead_id",
                        column: x => x.lead_id,
                        principalTable: "leads",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_deals_organizations_organization_id",
                        column: x => x.organization_id,
                        principalTable: "organizations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_deals_pipeline_stages_stage_id",
                        column: x => x.stage_id,
                        principalTable: "pipeline_stages",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_deals_pipelines_pipeline_id",
                        column: x => x.pipeline_id,
                        principalTable: "pipelines",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "deal_stage_history",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    deal_id = table.Column<Guid>(type: "uuid", nullable: false),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    actor_user_id = table.Column<Guid>(type: "uuid", nullable: true),
                    actor_client_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    from_pipeline_id = table.Column<Guid>(type: "uuid", nullable: true),
                    from_stage_id = table.Column<Guid>(type: "uuid", nullable: true),
                    to_pipeline_id = table.Column<Guid>(type: "uuid", nullable: false),
                    to_stage_id = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_deal_stage_history", x => x.id);
                    table.ForeignKey(
                        name: "fk_deal_stage_history_deals_deal_id",
                        column: x => x.deal_id,
                        principalTable: "deals",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.InsertData(
                table: "pipelines",
                columns: new[] { "id", "created_at", "deleted_at", "is_archived", "name", "position", "updated_at", "version" },
                values: new object[] { new Guid("0192f0c1-0000-7000-8000-000000000701"), new DateTimeOffset(new DateTime(2026, 11, 21, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)), null, false, "Кредитная воронка", 1, new DateTimeOffset(new DateTime(2026, 11, 21, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)), 1 });

            migrationBuilder.InsertData(
                table: "role_permissions",
                columns: new[] { "permission", "role_id" },
                values: new object[,]
                {
                    { "deals.delete", new Guid("0192f0c1-0000-7000-8000-0000000000a1") },
                    { "deals.read.all", new Guid("0192f0c1-0000-7000-8000-0000000000a1") },
                    { "deals.read.own", new Guid("0192f0c1-0000-7000-8000-0000000000a1") },
                    { "deals.write", new Guid("0192f0c1-0000-7000-8000-0000000000a1") },
                    { "pipelines.manage", new Guid("0192f0c1-0000-7000-8000-0000000000a1") },
                    { "deals.read.all", new Guid("0192f0c1-0000-7000-8000-0000000000a2") },
                    { "deals.write", new Guid("0192f0c1-0000-7000-8000-0000000000a2") },
                    { "deals.read.own", new Guid("0192f0c1-0000-7000-8000-0000000000a3") },
                    { "deals.write", new Guid("0192f0c1-0000-7000-8000-0000000000a3") },
                    { "deals.delete", new Guid("0192f0c1-0000-7000-8000-0000000000a4") },
                    { "deals.read.own", new Guid("0192f0c1-0000-7000-8000-0000000000a4") },
                    { "deals.write", new Guid("0192f0c1-0000-7000-8000-0000000000a4") }
                });

            migrationBuilder.InsertData(
                table: "pipeline_stages",
                columns: new[] { "id", "created_at", "deleted_at", "kind", "name", "pipeline_id", "position", "triggers", "updated_at", "version" },
                values: new object[,]
                {
                    { new Guid("0192f0c1-0000-7000-8000-000000000711"), new DateTimeOffset(new DateTime(2026, 11, 21, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)), null, "working", "Новая заявка", new Guid("0192f0c1-0000-7000-8000-000000000701"), 1, "[]", new DateTimeOffset(new DateTime(2026, 11, 21, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)), 1 },
                    { new Guid("0192f0c1-0000-7000-8000-000000000712"), new DateTimeOffset(new DateTime(2026, 11, 21, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)), null, "working", "Сбор документов", new Guid("0192f0c1-0000-7000-8000-000000000701"), 2, "[]", new DateTimeOffset(new DateTime(2026, 11, 21, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)), 1 },
                    { new Guid("0192f0c1-0000-7000-8000-000000000713"), new DateTimeOffset(new DateTime(2026, 11, 21, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)), null, "working", "Подача в банк", new Guid("0192f0c1-0000-7000-8000-000000000701"), 3, "[]", new DateTimeOffset(new DateTime(2026, 11, 21, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)), 1 },
                    { new Guid("0192f0c1-0000-7000-8000-000000000714"), new DateTimeOffset(new DateTime(2026, 11, 21, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)), null, "working", "Решение банка", new Guid("0192f0c1-0000-7000-8000-000000000701"), 4, "[]", new DateTimeOffset(new DateTime(2026, 11, 21, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)), 1 },
                    { new Guid("0192f0c1-0000-7000-8000-000000000715"), new DateTimeOffset(new DateTime(2026, 11, 21, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)), null, "won", "Успешно реализовано", new Guid("0192f0c1-0000-7000-8000-000000000701"), 5, "[]", new DateTimeOffset(new DateTime(2026, 11, 21, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)), 1 },
                    { new Guid("0192f0c1-0000-7000-8000-000000000716"), new DateTimeOffset(new DateTime(2026, 11, 21, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)), null, "lost", "Закрыто и не реализовано", new Guid("0192f0c1-0000-7000-8000-000000000701"), 6, "[]", new DateTimeOffset(new DateTime(2026, 11, 21, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)), 1 }
                });

            migrationBuilder.CreateIndex(
                name: "ix_deal_stage_history_deal_id_at_id",
                table: "deal_stage_history",
                columns: new[] { "deal_id", "at", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_deals_amount_id",
                table: "deals",
                columns: new[] { "amount", "id" },
                filter: "deleted_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_deals_client_id",
                table: "deals",
                column: "client_id");

            migrationBuilder.CreateIndex(
                name: "ix_deals_created_at_id",
                table: "deals",
                columns: new[] { "created_at", "id" },
                filter: "deleted_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_deals_lead_id",
                table: "deals",
                column: "lead_id");

            migrationBuilder.CreateIndex(
                name: "ix_deals_organization_id_created_at_id",
                table: "deals",
                columns: new[] { "organization_id", "created_at", "id" },
                filter: "deleted_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_deals_pipeline_id",
                table: "deals",
                column: "pipeline_id");

            migrationBuilder.CreateIndex(
                name: "ix_deals_responsible_user_id",
                table: "deals",
                column: "responsible_user_id");

            migrationBuilder.CreateIndex(
                name: "ix_deals_stage_id",
                table: "deals",
                column: "stage_id",
                filter: "deleted_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_deals_updated_at_id",
                table: "deals",
                columns: new[] { "updated_at", "id" },
                filter: "deleted_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_pipeline_stages_pipeline_id_position",
                table: "pipeline_stages",
                columns: new[] { "pipeline_id", "position" },
                filter: "deleted_at IS NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "deal_stage_history");

            migrationBuilder.DropTable(
                name: "deals");

            migrationBuilder.DropTable(
                name: "pipeline_stages");

            migrationBuilder.DropTable(
                name: "pipelines");

            migrationBuilder.DeleteData(
                table: "role_permissions",
                keyColumns: new[] { "permission", "role_id" },
                keyValues: new object[] { "deals.delete", new Guid("0192f0c1-0000-7000-8000-0000000000a1") });

            migrationBuilder.DeleteData(
                table: "role_permissions",
                keyColumns: new[] { "permission", "role_id" },
                keyValues: new object[] { "deals.read.all", new Guid("0192f0c1-0000-7000-8000-0000000000a1") });

            migrationBuilder.DeleteData(
                table: "role_permissions",
                keyColumns: new[] { "permission", "role_id" },
                keyValues: new object[] { "deals.read.own", new Guid("0192f0c1-0000-7000-8000-0000000000a1") });

            migrationBuilder.DeleteData(
                table: "role_permissions",
                keyColumns: new[] { "permission", "role_id" },
                keyValues: new object[] { "deals.write", new Guid("0192f0c1-0000-7000-8000-0000000000a1") });

            migrationBuilder.DeleteData(
                table: "role_permissions",
                keyColumns: new[] { "permission", "role_id" },
                keyValues: new object[] { "pipelines.manage", new Guid("0192f0c1-0000-7000-8000-0000000000a1") });

            migrationBuilder.DeleteData(
                table: "role_permissions",
                keyColumns: new[] { "permission", "role_id" },
                keyValues: new object[] { "deals.read.all", new Guid("0192f0c1-0000-7000-8000-0000000000a2") });

            migrationBuilder.DeleteData(
                table: "role_permissions",
                keyColumns: new[] { "permission", "role_id" },
                keyValues: new object[] { "deals.write", new Guid("0192f0c1-0000-7000-8000-0000000000a2") });

            migrationBuilder.DeleteData(
                table: "role_permissions",
                keyColumns: new[] { "permission", "role_id" },
                keyValues: new object[] { "deals.read.own", new Guid("0192f0c1-0000-7000-8000-0000000000a3") });

            migrationBuilder.DeleteData(
                table: "role_permissions",
                keyColumns: new[] { "permission", "role_id" },
                keyValues: new object[] { "deals.write", new Guid("0192f0c1-0000-7000-8000-0000000000a3") });

            migrationBuilder.DeleteData(
                table: "role_permissions",
                keyColumns: new[] { "permission", "role_id" },
                keyValues: new object[] { "deals.delete", new Guid("0192f0c1-0000-7000-8000-0000000000a4") });

            migrationBuilder.DeleteData(
                table: "role_permissions",
                keyColumns: new[] { "permission", "role_id" },
                keyValues: new object[] { "deals.read.own", new Guid("0192f0c1-0000-7000-8000-0000000000a4") });

            migrationBuilder.DeleteData(
                table: "role_permissions",
                keyColumns: new[] { "permission", "role_id" },
                keyValues: new object[] { "deals.write", new Guid("0192f0c1-0000-7000-8000-0000000000a4") });
        }
    }
}
