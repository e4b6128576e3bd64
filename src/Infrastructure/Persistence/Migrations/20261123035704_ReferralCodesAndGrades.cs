using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MakCrm.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class ReferralCodesAndGrades : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "referral_code",
                table: "organizations",
                type: "character varying(16)",
                maxLength: 16,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "referrer_correction_reason",
                table: "organizations",
                type: "character varying(1000)",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "grade_history",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    organization_id = table.Column<Guid>(type: "uuid", nullable: false),
                    grade = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    previous_grade = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    effective_from = table.Column<DateOnly>(type: "date", nullable: false),
                    source = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    reason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    set_by_user_id = table.Column<Guid>(type: "uuid", nullable: true),
                    issued_volume = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: true),
                    issued_count = table.Column<int>(type: "integer", nullable: true),
                    period_start = table.Column<DateOnly>(type: "date", nullable: true),
                    period_end = table.Column<DateOnly>(type: "date", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    deleted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_grade_history", x => x.id);
                    table.ForeignKey(
                        name: "fk_grade_history_organizations_organization_id",
                        column: x => x.organization_id,
                        principalTable: "organizations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "grades",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    organization_kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    code = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    rank = table.Column<int>(type: "integer", nullable: false),
                    basis = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    threshold = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: false),
                    period_months = table.Column<int>(type: "integer", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    deleted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_grades", x => x.id);
                    table.CheckConstraint("ck_grades_period_months", "period_months BETWEEN 1 AND 24");
                    table.CheckConstraint("ck_grades_threshold", "threshold >= 0");
                });

            migrationBuilder.UpdateData(
                table: "organizations",
                keyColumn: "id",
                keyValue: new Guid("0192f0c1-0000-7000-8000-000000000001"),
                columns: new[] { "referral_code", "referrer_correction_reason" },
                values: new object[] { null, null });

            // Partners and franchisees that exist already get a code like new ones: 8 characters of the same alphabet
            // (from gen_random_uuid(), hashed so that every byte is uniform); a collision, improbable at 30^8 codes, draws again.
            migrationBuilder.Sql("""
                DO $$
                DECLARE
                    alphabet CONSTANT text := '23456789ABCDEFGHJKMNPQRSTVWXYZ';
                    org record;
                    candidate text;
                BEGIN
                    FOR org IN SELECT id FROM organizations WHERE kind IN ('partner', 'franchisee') AND referral_code IS NULL LOOP
                        LOOP
                            SELECT string_agg(substr(alphabet, 1 + get_byte(decode(md5(gen_random_uuid()::text), 'hex'), i) % 30, 1), '')
                              INTO candidate FROM generate_series(0, 7) AS i;
                            EXIT WHEN NOT EXISTS (SELECT 1 FROM organizations WHERE referral_code = candidate);
                        END LOOP;
                        UPDATE organizations SET referral_code = candidate WHERE id = org.id;
                    END LOOP;
                END $$;
                """);

            migrationBuilder.CreateIndex(
                name: "ix_organizations_referral_code",
                table: "organizations",
                column: "referral_code",
                unique: true,
                filter: "referral_code IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_grade_history_organization_id_effective_from_created_at",
                table: "grade_history",
                columns: new[] { "organization_id", "effective_from", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ux_grade_history_computed_month",
                table: "grade_history",
                columns: new[] { "organization_id", "period_end" },
                unique: true,
                filter: "source = 'computed'");

            migrationBuilder.CreateIndex(
                name: "ix_grades_organization_kind_code",
                table: "grades",
                columns: new[] { "organization_kind", "code" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_grades_organization_kind_rank",
                table: "grades",
                columns: new[] { "organization_kind", "rank" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "grade_history");

            migrationBuilder.DropTable(
                name: "grades");

            migrationBuilder.DropIndex(
                name: "ix_organizations_referral_code",
                table: "organizations");

            migrationBuilder.DropColumn(
                name: "referral_code",
                table: "organizations");

            migrationBuilder.DropColumn(
                name: "referrer_correction_reason",
                table: "organizations");
        }
    }
}
