using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MakCrm.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class TelegramGroupLinkChangesNotifyEveryInstance : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Every instance remembers which organizations have a linked group while it hears the links' changes
            // (TelegramGroupOrganizations).
            migrationBuilder.Sql("""
                CREATE FUNCTION notify_telegram_group_links_changed() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    PERFORM pg_notify('mak_telegram_group_links', '');
                    RETURN NULL;
                END $$;
                CREATE TRIGGER telegram_group_links_changed
                    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON telegram_group_links
                    FOR EACH STATEMENT EXECUTE FUNCTION notify_telegram_group_links_changed();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP FUNCTION notify_telegram_group_links_changed CASCADE;");
        }
    }
}
