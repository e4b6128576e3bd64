using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MakCrm.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class CommissionBonuses : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropCheckConstraint(
                name: "ck_commission_entries_amount_sign",
                table: "commission_entries");

            migrationBuilder.AddColumn<string>(
                name: "reason",
                table: "commission_entries",
                type: "character varying(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "rewards_month",
                table: "commission_entries",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "rewards_rank",
                table: "commission_entries",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "rewards_user_id",
                table: "commission_entries",
                type: "uuid",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_commission_entries_rewards_user_id",
                table: "commission_entries",
                column: "rewards_user_id");

            migrationBuilder.AddCheckConstraint(
                name: "ck_commission_entries_amount_sign",
                table: "commission_entries",
                sql: "(kind IN ('accrual', 'release', 'bonus') AND amount > 0) OR (kind = 'reversal' AND amount < 0) OR (kind = 'payout' AND amount < 0)");

            migrationBuilder.AddCheckConstraint(
                name: "ck_commission_entries_bonus",
                table: "commission_entries",
                sql: "kind <> 'bonus' OR (reason IS NOT NULL AND deal_id IS NULL AND on_hold_change = 0 AND available_change = amount)");

            migrationBuilder.AddCheckConstraint(
                name: "ck_commission_entries_rewards",
                table: "commission_entries",
                sql: "(rewards_user_id IS NULL AND rewards_month IS NULL AND rewards_rank IS NULL) OR (rewards_user_id IS NOT NULL AND rewards_month IS NOT NULL AND rewards_rank > 0)");

            migrationBuilder.AddForeignKey(
                name: "fk_commission_entries_users_rewards_user_id",
                table: "commission_entries",
                column: "rewards_user_id",
                principalTable: "users",
                principalColumn: "id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "fk_commission_entries_users_rewards_user_id",
                table: "commission_entries");

            migrationBuilder.DropIndex(
                name: "ix_commission_entries_rewards_user_id",
                table: "commission_entries");

            migrationBuilder.DropCheckConstraint(
                name: "ck_commission_entries_amount_sign",
                table: "commission_entries");

            migrationBuilder.DropCheckConstraint(
                name: "ck_commission_entries_bonus",
                table: "commission_entries");

            migrationBuilder.DropCheckConstraint(
                name: "ck_commission_entries_rewards",
                table: "commission_entries");

            migrationBuilder.DropColumn(
                name: "reason",
                table: "commission_entries");

            migrationBuilder.DropColumn(
                name: "rewards_month",
                table: "commission_entries");

            migrationBuilder.DropColumn(
                name: "rewards_rank",
                table: "commission_entries");

            migrationBuilder.DropColumn(
                name: "rewards_user_id",
                table: "commission_entries");

            migrationBuilder.AddCheckConstraint(
                name: "ck_commission_entries_amount_sign",
                table: "commission_entries",
                sql: "(kind IN ('accrual', 'release') AND amount > 0) OR (kind = 'reversal' AND amount < 0) OR (kind = 'payout' AND amount < 0)");
        }
    }
}
