using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MakCrm.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class OutboxSms : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "channel",
                table: "mail_outbox",
                type: "character varying(8)",
                maxLength: 8,
                nullable: false,
                defaultValue: "email");

            // The outbox is written and claimed all the time (docs/operations.md, "Rolling out a migration"): the
            // check is added NOT VALID, which checks every new or changed row without scanning the old ones (whose
            // channel is the default).
            migrationBuilder.Sql(
                "ALTER TABLE mail_outbox ADD CONSTRAINT ck_mail_outbox_channel "
                    + "CHECK (channel IN ('email', 'sms')) NOT VALID;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropCheckConstraint(
                name: "ck_mail_outbox_channel",
                table: "mail_outbox");

            migrationBuilder.DropColumn(
                name: "channel",
                table: "mail_outbox");
        }
    }
}
