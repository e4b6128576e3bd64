using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MakCrm.Infrastructure.Persistence.Migrations
{
    /// <summary>
    /// The remembered standings (UserStandings) carry the user's display name, which names the actor of the events a
    /// request raises: a change of the full name or the e-mail (the display name's fallback) notifies every instance
    /// too, so that none goes on naming the actor by the old name.
    /// </summary>
    public partial class UserRenamesNotifyEveryInstance : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER users_standing_changed ON users;
                CREATE TRIGGER users_standing_changed AFTER UPDATE ON users FOR EACH ROW
                    WHEN (OLD.is_disabled IS DISTINCT FROM NEW.is_disabled OR OLD.organization_id IS DISTINCT FROM NEW.organization_id
                          OR OLD.full_name IS DISTINCT FROM NEW.full_name OR OLD.email IS DISTINCT FROM NEW.email)
                    EXECUTE FUNCTION notify_user_standing_changed();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER users_standing_changed ON users;
                CREATE TRIGGER users_standing_changed AFTER UPDATE ON users FOR EACH ROW
                    WHEN (OLD.is_disabled IS DISTINCT FROM NEW.is_disabled OR OLD.organization_id IS DISTINCT FROM NEW.organization_id)
                    EXECUTE FUNCTION notify_user_standing_changed();
                """);
        }
    }
}
