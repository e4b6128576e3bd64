using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MakCrm.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class UserStandingNotifications : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Every change that can take a user's access away notifies the API instances, which remember standings
            // between such changes (UserStandings; the channel is UserStandingChanges.Channel). pg_notify sends at commit,
            // once per transaction however many rows changed. Changes that give access back need no notification:
            // a refusal is never remembered.
            migrationBuilder.Sql("""
                CREATE FUNCTION notify_user_standing_changed() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    PERFORM pg_notify('mak_user_standing', '');
                    RETURN NULL;
                END $$;
                CREATE TRIGGER users_standing_changed AFTER UPDATE ON users FOR EACH ROW
                    WHEN (OLD.is_disabled IS DISTINCT FROM NEW.is_disabled OR OLD.organization_id IS DISTINCT FROM NEW.organization_id)
                    EXECUTE FUNCTION notify_user_standing_changed();
                CREATE TRIGGER users_standing_removed AFTER DELETE OR TRUNCATE ON users
                    FOR EACH STATEMENT EXECUTE FUNCTION notify_user_standing_changed();
                CREATE TRIGGER organizations_standing_changed AFTER UPDATE ON organizations FOR EACH ROW
                    WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.deleted_at IS DISTINCT FROM NEW.deleted_at)
                    EXECUTE FUNCTION notify_user_standing_changed();
                CREATE TRIGGER organizations_standing_removed AFTER DELETE OR TRUNCATE ON organizations
                    FOR EACH STATEMENT EXECUTE FUNCTION notify_user_standing_changed();
                CREATE TRIGGER refresh_tokens_standing_changed AFTER UPDATE ON refresh_tokens FOR EACH ROW
                    WHEN (OLD.revoked_at IS NULL AND NEW.revoked_at IS NOT NULL)
                    EXECUTE FUNCTION notify_user_standing_changed();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER IF EXISTS refresh_tokens_standing_changed ON refresh_tokens;
                DROP TRIGGER IF EXISTS organizations_standing_removed ON organizations;
                DROP TRIGGER IF EXISTS organizations_standing_changed ON organizations;
                DROP TRIGGER IF EXISTS users_standing_removed ON users;
                DROP TRIGGER IF EXISTS users_standing_changed ON users;
                DROP FUNCTION IF EXISTS notify_user_standing_changed();
                """);
        }
    }
}
