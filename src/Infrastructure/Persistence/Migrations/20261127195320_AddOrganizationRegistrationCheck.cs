using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MakCrm.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class AddOrganizationRegistrationCheck : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "registration_check_detail",
                table: "organizations",
                type: "character varying(2000)",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "registration_check_outcome",
                table: "organizations",
                type: "character varying(32)",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "registration_check_reason",
                table: "organizations",
                type: "character varying(32)",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "registration_checked_at",
                table: "organizations",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "registration_checked_by",
                table: "organizations",
                type: "uuid",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "registration_check_detail",
                table: "organizations");

            migrationBuilder.DropColumn(
                name: "registration_check_outcome",
                table: "organizations");

            migrationBuilder.DropColumn(
                name: "registration_check_reason",
                table: "organizations");

            migrationBuilder.DropColumn(
                name: "registration_checked_at",
                table: "organizations");

            migrationBuilder.DropColumn(
                name: "registration_checked_by",
                table: "organizations");
        }
    }
}
