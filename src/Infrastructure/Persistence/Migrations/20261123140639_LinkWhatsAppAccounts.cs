using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MakCrm.Infrastructure.Persistence.Migrations
{
    /// <summary>
    /// Telegram links become messenger links: the table is renamed and gains a channel, and the Telegram user id becomes
    /// the account id (its decimal text), so every existing link keeps working, and WhatsApp links (a <c>wa_id</c>, no
    /// chat id) are rows of the same table. One account of a messenger is linked to one user: unique (channel, account).
    /// </summary>
    public partial class LinkWhatsAppAccounts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(name: "ix_telegram_links_telegram_user_id", table: "telegram_links");
            migrationBuilder.DropForeignKey(name: "fk_telegram_links_users_user_id", table: "telegram_links");
            migrationBuilder.DropPrimaryKey(name: "pk_telegram_links", table: "telegram_links");
            migrationBuilder.RenameTable(name: "telegram_links", newName: "messenger_links");
            migrationBuilder.RenameIndex(name: "ix_telegram_links_user_id", table: "messenger_links", newName: "ix_messenger_links_user_id");

            migrationBuilder.AddColumn<string>(
                name: "channel", table: "messenger_links", type: "character varying(16)", maxLength: 16, nullable: false, defaultValue: "telegram");
            migrationBuilder.AlterColumn<string>(name: "channel", table: "messenger_links", type: "character varying(16)", maxLength: 16, nullable: false,
                oldClrType: typeof(string), oldType: "character varying(16)", oldMaxLength: 16, oldDefaultValue: "telegram");
            migrationBuilder.RenameColumn(name: "telegram_user_id", table: "messenger_links", newName: "account_id");
            migrationBuilder.Sql("ALTER TABLE messenger_links ALTER COLUMN account_id TYPE character varying(64) USING account_id::text;");
            migrationBuilder.RenameColumn(name: "telegram_username", table: "messenger_links", newName: "display_name");
            migrationBuilder.AlterColumn<string>(name: "display_name", table: "messenger_links", type: "character varying(256)", maxLength: 256, nullable: true,
                oldClrType: typeof(string), oldType: "character varying(64)", oldMaxLength: 64, oldNullable: true);
            migrationBuilder.AlterColumn<long>(name: "chat_id", table: "messenger_links", type: "bigint", nullable: true,
                oldClrType: typeof(long), oldType: "bigint");

            migrationBuilder.AddPrimaryKey(name: "pk_messenger_links", table: "messenger_links", column: "id");
            migrationBuilder.AddForeignKey(
                name: "fk_messenger_links_users_user_id", table: "messenger_links", column: "user_id",
                principalTable: "users", principalColumn: "id", onDelete: ReferentialAction.Cascade);
            migrationBuilder.CreateIndex(
                name: "ix_messenger_links_channel_account_id", table: "messenger_links", columns: new[] { "channel", "account_id" }, unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // The Telegram table has no place for WhatsApp links: they are dropped.
            migrationBuilder.Sql("DELETE FROM messenger_links WHERE channel <> 'telegram';");
            migrationBuilder.DropIndex(name: "ix_messenger_links_channel_account_id", table: "messenger_links");
            migrationBuilder.DropForeignKey(name: "fk_messenger_links_users_user_id", table: "messenger_links");
            migrationBuilder.DropPrimaryKey(name: "pk_messenger_links", table: "messenger_links");
            migrationBuilder.DropColumn(name: "channel", table: "messenger_links");
            migrationBuilder.AlterColumn<long>(name: "chat_id", table: "messenger_links", type: "bigint", nullable: false, defaultValue: 0L,
                oldClrType: typeof(long), oldType: "bigint", oldNullable: true);
            migrationBuilder.AlterColumn<string>(name: "display_name", table: "messenger_links", type: "character varying(64)", maxLength: 64, nullable: true,
                oldClrType: typeof(string), oldType: "character varying(256)", oldMaxLength: 256, oldNullable: true);
            migrationBuilder.RenameColumn(name: "display_name", table: "messenger_links", newName: "telegram_username");
            migrationBuilder.Sql("ALTER TABLE messenger_links ALTER COLUMN account_id TYPE bigint USING account_id::bigint;");
            migrationBuilder.RenameColumn(name: "account_id", table: "messenger_links", newName: "telegram_user_id");
            migrationBuilder.RenameIndex(name: "ix_messenger_links_user_id", table: "messenger_links", newName: "ix_telegram_links_user_id");
            migrationBuilder.RenameTable(name: "messenger_links", newName: "telegram_links");
            migrationBuilder.AddPrimaryKey(name: "pk_telegram_links", table: "telegram_links", column: "id");
            migrationBuilder.AddForeignKey(
                name: "fk_telegram_links_users_user_id", table: "telegram_links", column: "user_id",
                principalTable: "users", principalColumn: "id", onDelete: ReferentialAction.Cascade);
            migrationBuilder.CreateIndex(name: "ix_telegram_links_telegram_user_id", table: "telegram_links", column: "telegram_user_id", unique: true);
        }
    }
}
